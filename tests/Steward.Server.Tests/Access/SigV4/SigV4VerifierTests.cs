using System.Text;
using Microsoft.AspNetCore.Http;
using Steward.Server.Access.SigV4;

namespace Steward.Server.Tests.Access.SigV4;

/// <summary>Tampering, clock and policy checks of the verifier (security test plan items 16-20).</summary>
public sealed class SigV4VerifierTests
{
    private static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly SigV4Credentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    [Theory]
    [InlineData("get-vanilla-query-order-key-case", "GET /", "GEU /")]
    [InlineData("get-unreserved", "/-._~0123456789ABC", "/-._~0123456789ABD")]
    [InlineData("get-vanilla-query-order-key-case", "Param2=value2", "Param2=value3")]
    [InlineData("get-vanilla-query-order-key-case", "Param2=", "Param3=")]
    [InlineData("post-header-key-sort", "My-Header1:value1", "My-Header1:value2")]
    [InlineData("get-vanilla", "Host:example.amazonaws.com", "Host:example.amazonaws.org")]
    [InlineData("get-vanilla", "X-Amz-Date:20150830T123600Z", "X-Amz-Date:20150830T123601Z")]
    [InlineData("get-vanilla", "Signature=5fa00fa3", "Signature=5fa00fa4")]
    [InlineData("post-x-www-form-urlencoded", "Content-Type:application/x-www-form-urlencoded", "Content-Type:application/x-www-form-urlencodee")]
    public void Header_form_with_one_byte_flipped_in_a_signed_part_is_a_signature_mismatch(string name, string target, string replacement) =>
        Assert.Equal(SigV4FailureReason.SignatureMismatch, VerifyTampered(name, "header-signed-request.txt", target, replacement));

    [Theory]
    [InlineData("get-vanilla-query-order-key-case", "GET /", "GEU /")]
    [InlineData("get-unreserved", "/-._~0123456789ABC", "/-._~0123456789ABD")]
    [InlineData("get-vanilla-query-order-key-case", "Param2=value2", "Param2=value3")]
    [InlineData("post-header-key-sort", "My-Header1:value1", "My-Header1:value2")]
    [InlineData("get-vanilla", "Host:example.amazonaws.com", "Host:example.amazonaws.org")]
    [InlineData("get-vanilla", "X-Amz-Date=20150830T123600Z", "X-Amz-Date=20150830T123601Z")]
    [InlineData("get-vanilla", "X-Amz-Expires=3600", "X-Amz-Expires=3601")]
    [InlineData("get-vanilla", "X-Amz-Signature=e93c787e", "X-Amz-Signature=e93c787f")]
    [InlineData("post-x-www-form-urlencoded", "Param1=value1", "Param1=value2")]
    [InlineData("post-sts-header-before", "X-Amz-Security-Token=AQoDYXdzEPT", "X-Amz-Security-Token=AQoDYXdzEPU")]
    public void Presigned_form_with_one_byte_flipped_in_a_signed_part_is_a_signature_mismatch(string name, string target, string replacement) =>
        Assert.Equal(SigV4FailureReason.SignatureMismatch, VerifyTampered(name, "query-signed-request.txt", target, replacement));

    [Fact]
    public void Body_flipped_without_a_content_hash_header_is_a_signature_mismatch()
    {
        var request = Post("{\"a\":1}");
        var signed = SigV4Signer.SignHeaders(request, Parameters()).Request;

        var tampered = signed with { PayloadSha256Hex = SigV4Request.HashPayload("{\"a\":2}"u8) };

        Assert.Null(Verify(signed, SigningTime));
        Assert.Equal(SigV4FailureReason.SignatureMismatch, Verify(tampered, SigningTime));
    }

    [Fact]
    public void Body_flipped_under_a_signed_content_hash_header_is_a_body_hash_mismatch() =>
        Assert.Equal(SigV4FailureReason.BodyHashMismatch,
            VerifyTampered("post-x-www-form-urlencoded", "header-signed-request.txt", "Param1=value1", "Param1=value2"));

    [Fact]
    public void Unsigned_or_streaming_payload_marker_is_refused_as_a_body_hash_mismatch()
    {
        var request = Post("{}").WithHeaders([new("x-amz-content-sha256", "UNSIGNED-PAYLOAD")]);
        var signed = SigV4Signer.SignHeaders(request, Parameters()).Request;

        var result = VerifyResult(signed, SigningTime);

        Assert.Equal(SigV4FailureReason.BodyHashMismatch, result.Failure?.Reason);
        Assert.Contains("unsigned", result.Failure?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header-signed-request.txt", "Credential=AKIDEXAMPLE/20150830/", "Credential=AKIDEXAMPLE/20150831/")]
    [InlineData("header-signed-request.txt", "X-Amz-Date:20150830T123600Z", "X-Amz-Date:20150831T123600Z")]
    [InlineData("query-signed-request.txt", "X-Amz-Date=20150830T123600Z", "X-Amz-Date=20150831T123600Z")]
    public void Scope_date_different_from_the_request_date_is_refused(string file, string target, string replacement) =>
        Assert.Equal(SigV4FailureReason.ScopeDateMismatch, VerifyTampered("get-vanilla", file, target, replacement));

    [Theory]
    [InlineData("header-signed-request.txt", "/us-east-1/", "/us-east-2/")]
    [InlineData("query-signed-request.txt", "%2Fus-east-1%2F", "%2Fus-east-2%2F")]
    public void Region_flipped_is_a_wrong_region_and_the_signature_covers_it(string file, string target, string replacement)
    {
        Assert.Equal(SigV4FailureReason.WrongRegion, VerifyTampered("get-vanilla", file, target, replacement));

        var otherRegion = Options() with { Region = "us-east-2" };
        Assert.Equal(SigV4FailureReason.SignatureMismatch, VerifyTampered("get-vanilla", file, target, replacement, options: otherRegion));
    }

    [Theory]
    [InlineData("header-signed-request.txt", "/service/", "/servicf/")]
    [InlineData("query-signed-request.txt", "%2Fservice%2F", "%2Fservicf%2F")]
    public void Service_flipped_is_a_wrong_service_and_the_signature_covers_it(string file, string target, string replacement)
    {
        Assert.Equal(SigV4FailureReason.WrongService, VerifyTampered("get-vanilla", file, target, replacement));

        var bothServices = Options() with { Services = new HashSet<string> { "service", "servicf" } };
        Assert.Equal(SigV4FailureReason.SignatureMismatch, VerifyTampered("get-vanilla", file, target, replacement, options: bothServices));
    }

    [Theory]
    [InlineData(-301, SigV4FailureReason.RequestInFuture)]
    [InlineData(-299, null)]
    [InlineData(-300, null)]
    [InlineData(0, null)]
    [InlineData(299, null)]
    [InlineData(300, null)]
    [InlineData(301, SigV4FailureReason.RequestExpired)]
    public void Header_form_accepts_the_request_time_within_five_minutes_of_the_server_clock_either_way(int serverMinusRequestSeconds, SigV4FailureReason? expected)
    {
        var signed = SigV4Signer.SignHeaders(Get(), Parameters()).Request;

        Assert.Equal(expected, Verify(signed, SigningTime.AddSeconds(serverMinusRequestSeconds)));
    }

    [Theory]
    [InlineData(-301, SigV4FailureReason.RequestInFuture)]
    [InlineData(-299, null)]
    [InlineData(3600, null)]
    [InlineData(3601, SigV4FailureReason.PresignExpired)]
    public void Presigned_form_is_valid_from_the_request_time_until_it_expires(int serverMinusRequestSeconds, SigV4FailureReason? expected)
    {
        var signed = SigV4Signer.Presign(Get(), Parameters() with { Expires = TimeSpan.FromHours(1) }).Request;

        Assert.Equal(expected, Verify(signed, SigningTime.AddSeconds(serverMinusRequestSeconds)));
    }

    [Theory]
    [InlineData(604800, null)]
    [InlineData(604801, SigV4FailureReason.ExpiresTooLarge)]
    public void Presigned_expiry_above_seven_days_is_refused(int seconds, SigV4FailureReason? expected)
    {
        var signed = SigV4Signer.Presign(Get(), Parameters() with { Expires = TimeSpan.FromSeconds(seconds) }).Request;

        Assert.Equal(expected, Verify(signed, SigningTime));
    }

    [Fact]
    public void Presigned_expiry_too_large_for_any_clock_is_refused_without_overflow() =>
        Assert.Equal(SigV4FailureReason.ExpiresTooLarge,
            VerifyTampered("get-vanilla", "query-signed-request.txt", "X-Amz-Expires=3600", "X-Amz-Expires=999999999999999999"));

    [Fact]
    public void Request_without_host_in_signed_headers_is_refused()
    {
        var withoutHost = Get() with { Headers = [new("X-Other", "1")] };
        var signedHeaderForm = SigV4Signer.SignHeaders(withoutHost, Parameters()).Request.WithHeaders([new("Host", "example.amazonaws.com")]);
        var presigned = SigV4Signer.Presign(withoutHost, Parameters()).Request.WithHeaders([new("Host", "example.amazonaws.com")]);

        Assert.Equal(SigV4FailureReason.HostNotSigned, Verify(signedHeaderForm, SigningTime));
        Assert.Equal(SigV4FailureReason.HostNotSigned, Verify(presigned, SigningTime));
        Assert.Equal(SigV4FailureReason.HostNotSigned,
            VerifyTampered("get-vanilla", "header-signed-request.txt", "SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date"));
    }

    [Fact]
    public void Signed_header_absent_from_the_request_is_refused() =>
        Assert.Equal(SigV4FailureReason.SignedHeaderMissing,
            VerifyTampered("post-header-key-sort", "header-signed-request.txt", "My-Header1:value1\n", string.Empty));

    [Fact]
    public void Header_the_endpoint_requires_signed_but_left_unsigned_is_refused()
    {
        var signed = SigV4Signer.SignHeaders(Get(), Parameters()).Request.WithHeaders([new("X-Amz-Target", "SageMaker.ListModelCards")]);
        var options = Options() with { RequiredSignedHeaders = ["x-amz-target"] };

        Assert.Equal(SigV4FailureReason.RequiredHeaderNotSigned, Verify(signed, SigningTime, options));
    }

    [Theory]
    [InlineData("header-signed-request.txt")]
    [InlineData("query-signed-request.txt")]
    public void Unsigned_extra_headers_do_not_change_the_result(string file)
    {
        var suite = SigV4SuiteCase.Load("get-header-value-trim");
        var request = suite.Request(file).WithHeaders(
        [
            new("User-Agent", "aws-cli/2.0"),
            new("X-Forwarded-For", "10.0.0.1"),
            new("X-Amzn-Trace-Id", "Root=1-5759e988"),
        ]);

        Assert.Null(Verify(request, suite.Time));
    }

    [Fact]
    public void A_second_value_of_a_signed_header_changes_the_canonical_form()
    {
        var suite = SigV4SuiteCase.Load("post-header-key-sort");
        var request = suite.Request("header-signed-request.txt").WithHeaders([new("My-Header1", "injected")]);

        Assert.Equal(SigV4FailureReason.SignatureMismatch, Verify(request, suite.Time));
    }

    [Fact]
    public void Replaying_an_identical_signed_request_within_the_window_is_accepted()
    {
        var signed = SigV4Signer.SignHeaders(Post("{}"), Parameters()).Request;

        Assert.Null(Verify(signed, SigningTime.AddSeconds(10)));
        Assert.Null(Verify(signed, SigningTime.AddSeconds(20)));
    }

    [Fact]
    public void Session_token_is_signed_in_both_forms_and_reported_to_the_caller()
    {
        var parameters = Parameters() with { Credentials = Credentials with { SessionToken = "token/with+chars=" } };

        foreach (var signed in (SigV4Request[])[SigV4Signer.SignHeaders(Get(), parameters).Request, SigV4Signer.Presign(Get(), parameters).Request])
        {
            var parsed = SigV4Parser.Parse(signed);
            Assert.True(parsed.Succeeded, parsed.Failure?.Message);
            Assert.Equal("token/with+chars=", parsed.Authorization.SecurityToken);
            Assert.Null(Verify(signed, SigningTime));
        }
    }

    [Fact]
    public void Failure_messages_never_contain_the_secret()
    {
        var signed = SigV4Signer.SignHeaders(Get(), Parameters()).Request;
        var parsed = SigV4Parser.Parse(signed);
        Assert.True(parsed.Succeeded);

        var result = new SigV4Verifier(Options()).Verify(signed, parsed.Authorization, "another-secret", SigningTime);

        Assert.Equal(SigV4FailureReason.SignatureMismatch, result.Failure?.Reason);
        Assert.DoesNotContain("another-secret", result.Failure?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Credentials.SecretAccessKey, result.Failure?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another-secret", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Percent_encoded_path_is_encoded_again_for_non_s3_services()
    {
        var request = Get() with { RawPath = "/model-cards/a%20b" };
        var signed = SigV4Signer.SignHeaders(request, Parameters());

        Assert.StartsWith("GET\n/model-cards/a%2520b\n", signed.CanonicalRequest, StringComparison.Ordinal);
        Assert.Null(Verify(signed.Request, SigningTime));
        Assert.Equal(SigV4FailureReason.SignatureMismatch, Verify(signed.Request with { RawPath = "/model-cards/a b" }, SigningTime));
    }

    // The verifier builds the canonical request in a buffer of its own (paths that are already canonical are copied as
    // they are); the signer builds it as a string. Both must agree on every path and header form, or a valid signature
    // would be refused.
    [Theory]
    [InlineData("/")]
    [InlineData("/model-cards/churn")]
    [InlineData("/model-cards/churn/")]
    [InlineData("/a//b")]
    [InlineData("//")]
    [InlineData("/a/./b")]
    [InlineData("/a/../b")]
    [InlineData("/a/..")]
    [InlineData("/.hidden/x.y")]
    [InlineData("/a%2Fb/c%20d")]
    [InlineData("/ü/€")]
    [InlineData("relative")]
    [InlineData("")]
    public void Signed_request_verifies_whatever_its_path(string path)
    {
        var signed = SigV4Signer.SignHeaders(Get() with { RawPath = path }, Parameters());

        var result = VerifyResult(signed.Request, SigningTime);

        Assert.Null(result.Failure);
        Assert.Equal(signed.CanonicalRequest, result.CanonicalRequest);
        Assert.Equal(signed.StringToSign, result.StringToSign);
    }

    [Fact]
    public void Signed_request_verifies_with_repeated_headers_and_inner_whitespace_from_the_server_header_dictionary()
    {
        var request = Post("{}").WithHeaders([new("My-Header", "  a   b\tc  "), new("My-Header", "d"), new("X-Amz-Target", "SageMaker.DescribeModelCard")]);
        var signed = SigV4Signer.SignHeaders(request, Parameters());

        // The same request as ASP.NET Core hands it over: one dictionary entry per name, its values in arrival order.
        var headers = new HeaderDictionary();
        foreach (var (name, value) in signed.Request.Headers)
        {
            headers.Append(name, value);
        }

        var fromHttp = SigV4Request.FromHttp("POST", "/", string.Empty, headers, signed.Request.PayloadSha256Hex);
        var result = VerifyResult(fromHttp, SigningTime);

        Assert.Null(result.Failure?.Message);
        Assert.Equal(signed.CanonicalRequest, result.CanonicalRequest);
        Assert.Contains("my-header:a b c,d\n", signed.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal(signed.Request.Headers.Count, fromHttp.Headers.Count);
        Assert.Equal(SigV4FailureReason.SignatureMismatch, Verify(
            SigV4Request.FromHttp("POST", "/", string.Empty, WithValue(headers, "My-Header", ["d", "  a   b\tc  "]), signed.Request.PayloadSha256Hex),
            SigningTime));
    }

    private static HeaderDictionary WithValue(HeaderDictionary headers, string name, string[] values)
    {
        var copy = new HeaderDictionary();
        foreach (var (key, value) in headers)
        {
            copy[key] = value;
        }

        copy[name] = values;
        return copy;
    }

    private static SigV4FailureReason? VerifyTampered(string name, string file, string target, string replacement, SigV4VerifierOptions? options = null)
    {
        var suite = SigV4SuiteCase.Load(name);
        var text = suite.Text(file);
        Assert.True(text.Contains(target, StringComparison.Ordinal), $"'{target}' not found in {name}/{file}");
        var first = text.IndexOf(target, StringComparison.Ordinal);
        var tampered = string.Concat(text.AsSpan(0, first), replacement, text.AsSpan(first + target.Length));

        Assert.Null(Verify(RawHttpRequest.Parse(text), suite.Time));
        return Verify(RawHttpRequest.Parse(tampered), suite.Time, options);
    }

    private static SigV4FailureReason? Verify(SigV4Request request, DateTimeOffset now, SigV4VerifierOptions? options = null) =>
        VerifyResult(request, now, options).Failure?.Reason;

    private static SigV4VerificationResult VerifyResult(SigV4Request request, DateTimeOffset now, SigV4VerifierOptions? options = null)
    {
        var parsed = SigV4Parser.Parse(request);
        Assert.True(parsed.Succeeded, parsed.Failure?.Message);
        return new SigV4Verifier(options ?? Options()).Verify(request, parsed.Authorization, Credentials.SecretAccessKey, now);
    }

    private static SigV4VerifierOptions Options() => new() { Region = "us-east-1", Services = new HashSet<string> { "service" } };

    private static SigV4SigningParameters Parameters() => new(Credentials, "us-east-1", "service", SigningTime);

    private static SigV4Request Get() =>
        new("GET", "/", string.Empty, [new("Host", "example.amazonaws.com")], SigV4Request.EmptyPayloadSha256Hex);

    private static SigV4Request Post(string body) =>
        new("POST", "/", string.Empty,
            [new("Host", "example.amazonaws.com"), new("Content-Type", "application/x-amz-json-1.1")],
            SigV4Request.HashPayload(Encoding.UTF8.GetBytes(body)));
}
