using System.CommandLine;
using Spectre.Console;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Commands;

/// <summary><c>steward configure</c>: store an endpoint and key pair as a profile in <c>~/.steward/config.json</c> (0600).</summary>
public sealed class ConfigureCommand : Command
{
    private readonly Option<string?> AccessKeyId = new("--access-key-id") { Description = "The access key id to store." };
    private readonly Option<string?> Secret = new("--secret-access-key") { Description = "The secret access key to store (prompted, hidden, when omitted at a terminal)." };

    public ConfigureCommand(CliContext context)
        : base("configure", "Save the server endpoint and credentials as a profile. Non-interactive runs take them from options only.")
    {
        Options.Add(AccessKeyId);
        Options.Add(Secret);
        SetAction(parse =>
        {
            var profiles = Profiles.For(context);
            var name = GlobalOptions.Profile(parse) ?? Profiles.DefaultName;
            var existing = profiles.Read(name);
            var endpoint = GlobalOptions.Endpoint(parse) ?? existing?.Endpoint ?? ServerConnection.DefaultEndpoint;
            var keyId = parse.GetValue(AccessKeyId) ?? Ask(context, "Access key id", existing?.AccessKeyId, secret: false);
            var secret = parse.GetValue(Secret) ?? Ask(context, "Secret access key", existing?.SecretAccessKey, secret: true);
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            {
                throw new UsageException($"'{endpoint}' is not a URL.");
            }

            if (keyId.Length != 20 || keyId.Any(c => !char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c)))
            {
                throw new UsageException("The access key id must be 20 upper-case letters or digits.");
            }

            if (secret.Length != 40)
            {
                throw new UsageException("The secret access key must be 40 characters.");
            }

            profiles.Write(name, new Infrastructure.Profile(endpoint, keyId, secret));
            if (GlobalOptions.Json(parse))
            {
                context.WriteJson(new { profile = name, endpoint, accessKeyId = keyId, file = profiles.FilePath });
            }
            else
            {
                context.Out.WriteLine($"Saved profile '{name}' ({endpoint}, {keyId}) to {profiles.FilePath}.");
            }

            return ExitCodes.Success;
        });
    }

    private static string Ask(CliContext context, string what, string? current, bool secret)
    {
        if (!context.Interactive)
        {
            if (current is not null)
            {
                return current;
            }

            throw new UsageException($"{what} is required; pass it as an option when not running at a terminal.");
        }

        var prompt = new TextPrompt<string>(what + ":");
        if (secret)
        {
            prompt.Secret();
        }

        if (current is not null)
        {
            prompt.DefaultValue(current).HideDefaultValue();
        }

        return context.Out.Prompt(prompt);
    }
}
