using Steward.Server.Access.SigV4;

namespace Steward.Server.Tests.Access.SigV4;

/// <summary>Every case of the AWS SigV4 test suite, in header and presigned-query form, signed and verified.</summary>
public sealed class SigV4SuiteTests
{
    public static TheoryData<string> Cases => SigV4SuiteCase.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Header_signing_reproduces_canonical_request_string_to_sign_and_signature(string name)
    {
        var suite = SigV4SuiteCase.Load(name);
        Assert.False(suite.OmitSessionToken, "cases that add the token after signing are not part of this suite copy");

        var signed = SigV4Signer.SignHeaders(suite.Request("request.txt"), suite.SigningParameters);

        Assert.Equal(suite.Text("header-canonical-request.txt"), signed.CanonicalRequest);
        Assert.Equal(suite.Text("header-string-to-sign.txt"), signed.StringToSign);
        Assert.Equal(suite.Text("header-signature.txt"), signed.Signature);
        var expectedAuthorization = suite.Request("header-signed-request.txt").GetHeaderValues("Authorization").Single();
        Assert.Equal(expectedAuthorization, signed.Request.GetHeaderValues("Authorization").Single());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Presigning_reproduces_canonical_request_string_to_sign_signature_and_query(string name)
    {
        var suite = SigV4SuiteCase.Load(name);

        var signed = SigV4Signer.Presign(suite.Request("request.txt"), suite.SigningParameters);

        Assert.Equal(suite.Text("query-canonical-request.txt"), signed.CanonicalRequest);
        Assert.Equal(suite.Text("query-string-to-sign.txt"), signed.StringToSign);
        Assert.Equal(suite.Text("query-signature.txt"), signed.Signature);
        Assert.Equal(suite.Request("query-signed-request.txt").RawQuery, signed.Request.RawQuery);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verifier_accepts_the_header_signed_request_at_the_suite_clock(string name)
    {
        var suite = SigV4SuiteCase.Load(name);
        var request = suite.Request("header-signed-request.txt");

        var parsed = SigV4Parser.Parse(request);
        Assert.True(parsed.Succeeded, parsed.Failure?.Message);
        Assert.Equal(SigV4Mode.Header, parsed.Authorization.Mode);
        Assert.Equal(suite.Credentials.AccessKeyId, parsed.Authorization.AccessKeyId);

        var result = new SigV4Verifier(suite.VerifierOptions).Verify(request, parsed.Authorization, suite.Credentials.SecretAccessKey, suite.Time);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(suite.Text("header-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(suite.Text("header-string-to-sign.txt"), result.StringToSign);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verifier_accepts_the_presigned_request_at_the_suite_clock(string name)
    {
        var suite = SigV4SuiteCase.Load(name);
        var request = suite.Request("query-signed-request.txt");

        var parsed = SigV4Parser.Parse(request);
        Assert.True(parsed.Succeeded, parsed.Failure?.Message);
        Assert.Equal(SigV4Mode.Query, parsed.Authorization.Mode);
        Assert.Equal(suite.Expires, parsed.Authorization.Expires);

        var result = new SigV4Verifier(suite.VerifierOptions).Verify(request, parsed.Authorization, suite.Credentials.SecretAccessKey, suite.Time);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(suite.Text("query-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(suite.Text("query-string-to-sign.txt"), result.StringToSign);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verifier_rejects_the_suite_request_signed_with_another_secret(string name)
    {
        var suite = SigV4SuiteCase.Load(name);
        var verifier = new SigV4Verifier(suite.VerifierOptions);

        foreach (var file in (string[])["header-signed-request.txt", "query-signed-request.txt"])
        {
            var request = suite.Request(file);
            var parsed = SigV4Parser.Parse(request);
            Assert.True(parsed.Succeeded, parsed.Failure?.Message);
            var result = verifier.Verify(request, parsed.Authorization, suite.Credentials.SecretAccessKey + "x", suite.Time);
            Assert.Equal(SigV4FailureReason.SignatureMismatch, result.Failure?.Reason);
        }
    }
}
