using System.CommandLine;
using Steward.Client;

namespace Steward.Cli.Infrastructure;

/// <summary>
/// Finds the server and the credentials for a verb, in the documented order: <c>--endpoint</c>, <c>STEWARD_ENDPOINT</c>,
/// the profile, <c>http://localhost:5080</c>; keys from <c>STEWARD_ACCESS_KEY_ID</c> + <c>STEWARD_SECRET_ACCESS_KEY</c>,
/// else from the profile (<c>--profile</c>, <c>STEWARD_PROFILE</c>, or <c>default</c>).
/// </summary>
public static class ServerConnection
{
    public const string DefaultEndpoint = "http://localhost:5080";

    public static StewardClient CreateClient(ParseResult parse, CliContext context, HttpClient http)
    {
        var profileName = GlobalOptions.Profile(parse) ?? context.Environment("STEWARD_PROFILE") ?? Profiles.DefaultName;
        var profile = Profiles.For(context).Read(profileName);
        var endpoint = GlobalOptions.Endpoint(parse) ?? context.Environment("STEWARD_ENDPOINT") ?? profile?.Endpoint ?? DefaultEndpoint;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"'{endpoint}' is not an http(s) URL.");
        }

        var keyId = context.Environment("STEWARD_ACCESS_KEY_ID");
        var secret = context.Environment("STEWARD_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret))
        {
            keyId = profile?.AccessKeyId;
            secret = profile?.SecretAccessKey;
        }

        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret))
        {
            throw new UsageException(
                $"No credentials: set STEWARD_ACCESS_KEY_ID and STEWARD_SECRET_ACCESS_KEY, or run 'steward configure' (profile '{profileName}').");
        }

        return new StewardClient(http, uri, keyId, secret);
    }
}
