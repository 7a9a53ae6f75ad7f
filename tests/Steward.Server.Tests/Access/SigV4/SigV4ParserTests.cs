using Steward.Server.Access.SigV4;

namespace Steward.Server.Tests.Access.SigV4;

/// <summary>Malformed and foreign authorization forms get a precise reason.</summary>
public sealed class SigV4ParserTests
{
    private const string ValidAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private const string ValidQuery =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d";

    [Fact]
    public void Request_without_sigv4_is_not_detected_and_does_not_parse()
    {
        var request = WithHeaders(("Host", "h"), ("Authorization", "Bearer AKID:secret"));

        Assert.Null(SigV4Parser.Detect(request));
        Assert.Equal(SigV4FailureReason.Malformed, SigV4Parser.Parse(request).Failure?.Reason);
    }

    [Fact]
    public void Both_forms_are_detected()
    {
        Assert.Equal(SigV4Mode.Header, SigV4Parser.Detect(WithHeaders(("Authorization", ValidAuthorization))));
        Assert.Equal(SigV4Mode.Query, SigV4Parser.Detect(Request(ValidQuery)));
    }

    [Fact]
    public void Valid_header_form_yields_the_access_key_and_scope()
    {
        var parsed = SigV4Parser.Parse(WithHeaders(("Authorization", ValidAuthorization), ("X-Amz-Date", "20150830T123600Z")));

        Assert.True(parsed.Succeeded, parsed.Failure?.Message);
        Assert.Equal("AKIDEXAMPLE", parsed.Authorization.AccessKeyId);
        Assert.Equal(new SigV4Scope("20150830", "us-east-1", "service"), parsed.Authorization.Scope);
        Assert.Equal(["host", "x-amz-date"], parsed.Authorization.SignedHeaders);
        Assert.Equal(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), parsed.Authorization.RequestTime);
    }

    [Theory]
    [InlineData("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=")]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host, Signature=00")]
    [InlineData("AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00")]
    public void Other_aws_algorithms_are_unsupported(string authorization) =>
        Assert.Equal(SigV4FailureReason.UnsupportedAlgorithm,
            SigV4Parser.Parse(WithHeaders(("Authorization", authorization), ("X-Amz-Date", "20150830T123600Z"))).Failure?.Reason);

    [Theory]
    [InlineData("Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ", "", "Credential")]
    [InlineData("SignedHeaders=host;x-amz-date, ", "", "SignedHeaders")]
    [InlineData(", Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "", "Signature")]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", "AKIDEXAMPLE/20150830/us-east-1/service", "Credential")]
    [InlineData("AKIDEXAMPLE/20150830/", "/20150830/", "access key")]
    [InlineData("/20150830/", "/2015083/", "scope date")]
    [InlineData("/20150830/", "/20151330/", "scope date")]
    [InlineData("/aws4_request", "/aws5_request", "aws4_request")]
    [InlineData("SignedHeaders=host;x-amz-date", "SignedHeaders=Host;x-amz-date", "SignedHeaders")]
    [InlineData("SignedHeaders=host;x-amz-date", "SignedHeaders=host;;x-amz-date", "SignedHeaders")]
    [InlineData("SignedHeaders=host;x-amz-date", "SignedHeaders=host;host;x-amz-date", "more than once")]
    [InlineData("Signature=5fa00fa3", "Signature=5FA00FA3", "Signature")]
    [InlineData("Signature=5fa00fa3", "Signature=5fa00fa", "Signature")]
    [InlineData(", Signature=", ", Foo=bar, Signature=", "unknown component")]
    [InlineData(", Signature=", ", Credential=X/20150830/a/b/aws4_request, Signature=", "more than once")]
    public void Malformed_authorization_header_names_the_bad_part(string target, string replacement, string expectedInMessage)
    {
        Assert.Contains(target, ValidAuthorization, StringComparison.Ordinal);
        var authorization = ValidAuthorization.Replace(target, replacement, StringComparison.Ordinal);

        var failure = SigV4Parser.Parse(WithHeaders(("Authorization", authorization), ("X-Amz-Date", "20150830T123600Z"))).Failure;

        Assert.Equal(SigV4FailureReason.Malformed, failure?.Reason);
        Assert.Contains(expectedInMessage, failure?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2015-08-30T12:36:00Z")]
    [InlineData("20150830T123600")]
    [InlineData("20150830T126000Z")]
    [InlineData("Sun, 30 Aug 2015 12:36:00 GMT")]
    public void Unparseable_date_is_malformed(string date)
    {
        var failure = SigV4Parser.Parse(WithHeaders(("Authorization", ValidAuthorization), ("X-Amz-Date", date))).Failure;

        Assert.Equal(SigV4FailureReason.Malformed, failure?.Reason);
        Assert.Contains("X-Amz-Date", failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_date_is_reported_in_both_forms()
    {
        Assert.Equal(SigV4FailureReason.MissingDate, SigV4Parser.Parse(WithHeaders(("Authorization", ValidAuthorization))).Failure?.Reason);
        Assert.Equal(SigV4FailureReason.MissingDate,
            SigV4Parser.Parse(Request(ValidQuery.Replace("&X-Amz-Date=20150830T123600Z", "", StringComparison.Ordinal))).Failure?.Reason);
    }

    [Fact]
    public void Two_authorization_headers_are_malformed() =>
        Assert.Equal(SigV4FailureReason.Malformed,
            SigV4Parser.Parse(WithHeaders(("Authorization", ValidAuthorization), ("Authorization", ValidAuthorization), ("X-Amz-Date", "20150830T123600Z"))).Failure?.Reason);

    [Fact]
    public void Header_and_query_signature_together_are_malformed() =>
        Assert.Equal(SigV4FailureReason.Malformed,
            SigV4Parser.Parse(Request(ValidQuery, ("Authorization", ValidAuthorization), ("X-Amz-Date", "20150830T123600Z"))).Failure?.Reason);

    [Theory]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&", "", "X-Amz-Algorithm", SigV4FailureReason.Malformed)]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256", "not supported", SigV4FailureReason.UnsupportedAlgorithm)]
    [InlineData("&X-Amz-Expires=3600", "", "X-Amz-Expires", SigV4FailureReason.Malformed)]
    [InlineData("X-Amz-Expires=3600", "X-Amz-Expires=-1", "X-Amz-Expires", SigV4FailureReason.Malformed)]
    [InlineData("X-Amz-Expires=3600", "X-Amz-Expires=0", "X-Amz-Expires", SigV4FailureReason.Malformed)]
    [InlineData("X-Amz-Expires=3600", "X-Amz-Expires=1h", "X-Amz-Expires", SigV4FailureReason.Malformed)]
    [InlineData("&X-Amz-SignedHeaders=host", "", "X-Amz-SignedHeaders", SigV4FailureReason.Malformed)]
    [InlineData("X-Amz-Expires=3600", "X-Amz-Expires=3600&X-Amz-Expires=60", "more than once", SigV4FailureReason.Malformed)]
    public void Malformed_presigned_query_names_the_bad_part(string target, string replacement, string expectedInMessage, SigV4FailureReason reason)
    {
        var failure = SigV4Parser.Parse(Request(ValidQuery.Replace(target, replacement, StringComparison.Ordinal))).Failure;

        Assert.Equal(reason, failure?.Reason);
        Assert.Contains(expectedInMessage, failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Injected_text_in_an_unsupported_algorithm_is_not_echoed()
    {
        var failure = SigV4Parser.Parse(WithHeaders(("Authorization", "AWS4-<script>alert(1)</script> x"))).Failure;

        Assert.Equal(SigV4FailureReason.UnsupportedAlgorithm, failure?.Reason);
        Assert.DoesNotContain("<script>", failure?.Message, StringComparison.Ordinal);
    }

    private static SigV4Request WithHeaders(params (string Name, string Value)[] headers) => Request(string.Empty, headers);

    private static SigV4Request Request(string query, params (string Name, string Value)[] headers) =>
        new("GET", "/", query, [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], SigV4Request.EmptyPayloadSha256Hex);
}
