using System.CommandLine;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands;

/// <summary><c>steward keys create|list|disable|enable|delete</c>: manage access keys of your account.</summary>
public sealed class KeysCommand : Command
{
    public KeysCommand(CliContext context)
        : base("keys", "Manage access keys.")
    {
        Subcommands.Add(new Create(context));
        Subcommands.Add(new List(context));
        Subcommands.Add(new SetStatus("disable", "Inactive", "Disable an access key: it stops authenticating at once.", context));
        Subcommands.Add(new SetStatus("enable", "Active", "Enable a disabled access key.", context));
        Subcommands.Add(new Delete(context));
    }

    private static Argument<string> KeyIdArgument() => new("access-key-id") { Description = "The access key id." };

    private sealed class Create : ServerCommand
    {
        private readonly Option<string?> User = new("--user") { Description = "The user to create the key for (default: you)." };

        public Create(CliContext context)
            : base("create", "Create an access key; its secret is shown once.", context) => Options.Add(User);

        protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
        {
            var key = await client.CreateAccessKeyAsync(parse.GetValue(User), cancellationToken);
            if (json)
            {
                Context.WriteJson(key);
            }
            else
            {
                Context.Out.WriteLine($"AccessKeyId:     {key.AccessKeyId}");
                Context.Out.WriteLine($"SecretAccessKey: {key.SecretAccessKey}");
                Context.Error.WriteLine("The secret is shown only now; store it safely.");
            }

            return ExitCodes.Success;
        }
    }

    private sealed class List(CliContext context) : ServerCommand("list", "List the access keys of your account.", context)
    {
        protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
        {
            var keys = await client.ListAccessKeysAsync(cancellationToken);
            if (json)
            {
                Context.WriteJson(keys);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("Access key id", "User", "Status", "Created (UTC)");
            foreach (var key in keys.AccessKeys)
            {
                table.AddRow(key.AccessKeyId, key.UserName, key.Status, key.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            Context.Out.Write(table);
            return ExitCodes.Success;
        }
    }

    private sealed class SetStatus : ServerCommand
    {
        private readonly string _status;
        private readonly Argument<string> KeyId = KeyIdArgument();

        public SetStatus(string name, string status, string description, CliContext context)
            : base(name, description, context)
        {
            _status = status;
            Arguments.Add(KeyId);
        }

        protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
        {
            var key = await client.SetAccessKeyStatusAsync(parse.GetValue(KeyId)!, _status, cancellationToken);
            if (json)
            {
                Context.WriteJson(key);
            }
            else
            {
                Context.Out.WriteLine($"{key.AccessKeyId} is now {key.Status}.");
            }

            return ExitCodes.Success;
        }
    }

    private sealed class Delete : ServerCommand
    {
        private readonly Argument<string> KeyId = KeyIdArgument();

        public Delete(CliContext context)
            : base("delete", "Delete an access key.", context) => Arguments.Add(KeyId);

        protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
        {
            var id = parse.GetValue(KeyId)!;
            await client.DeleteAccessKeyAsync(id, cancellationToken);
            if (json)
            {
                Context.WriteJson(new { accessKeyId = id, deleted = true });
            }
            else
            {
                Context.Out.WriteLine($"Deleted {id}.");
            }

            return ExitCodes.Success;
        }
    }
}
