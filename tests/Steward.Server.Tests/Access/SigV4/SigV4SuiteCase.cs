using System.Globalization;
using System.Text.Json;
using Steward.Server.Access.SigV4;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Access.SigV4;

/// <summary>One case directory of the AWS SigV4 test suite (<c>shared/specs/sigv4/v4/&lt;case&gt;</c>).</summary>
internal sealed class SigV4SuiteCase
{
    private readonly string _directory;

    private SigV4SuiteCase(string directory, JsonElement context)
    {
        _directory = directory;
        var credentials = context.GetProperty("credentials");
        Credentials = new SigV4Credentials(
            credentials.GetProperty("access_key_id").GetString()!,
            credentials.GetProperty("secret_access_key").GetString()!,
            credentials.TryGetProperty("token", out var token) ? token.GetString() : null);
        Region = context.GetProperty("region").GetString()!;
        Service = context.GetProperty("service").GetString()!;
        Time = DateTimeOffset.Parse(context.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Normalize = context.GetProperty("normalize").GetBoolean();
        SignBody = context.GetProperty("sign_body").GetBoolean();
        Expires = TimeSpan.FromSeconds(context.GetProperty("expiration_in_seconds").GetInt32());
        OmitSessionToken = context.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean();
    }

    public static TheoryData<string> Names => SharedSpecs.CaseNames("sigv4", "v4");

    public SigV4Credentials Credentials { get; }

    public string Region { get; }

    public string Service { get; }

    public DateTimeOffset Time { get; }

    public bool Normalize { get; }

    public bool SignBody { get; }

    public TimeSpan Expires { get; }

    public bool OmitSessionToken { get; }

    public SigV4SigningParameters SigningParameters => new(Credentials, Region, Service, Time)
    {
        NormalizePath = Normalize,
        SignBody = SignBody,
        Expires = Expires,
    };

    public SigV4VerifierOptions VerifierOptions => new()
    {
        Region = Region,
        Services = new HashSet<string> { Service },
        NormalizePath = Normalize,
    };

    public static SigV4SuiteCase Load(string name)
    {
        var directory = Path.Combine(SharedSpecs.Directory("sigv4", "v4"), name);
        using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "context.json")));
        return new SigV4SuiteCase(directory, context.RootElement.Clone());
    }

    public string Text(string file) => File.ReadAllText(Path.Combine(_directory, file));

    public SigV4Request Request(string file) => RawHttpRequest.Parse(Text(file));
}
