using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using System.Text.Json;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Registry;

/// <summary>
/// <c>steward registry packages register GROUP [--file REQUEST.json] [--description T] [--image I --model-data-url U]
/// [--approval S] [--card-name N] [--card-content FILE] [--card-status S] [--no-carry-over] [--training-job J]
/// [--metadata K=V]... [--source-uri U] [--client-token T]</c>: options override the file.
/// </summary>
public sealed class PackagesRegisterCommand : ServerCommand
{
    private readonly Argument<string> _group = RegistryOptions.Group();
    private readonly Option<FileInfo?> _file = new("--file") { Description = "A registration as JSON (the REST body: inferenceSpecification, modelMetrics, ...); options override it." };
    private readonly Option<string?> _description = new("--description") { Description = "The version's description." };
    private readonly Option<string?> _image = new("--image") { Description = "The inference image (one container)." };
    private readonly Option<string?> _modelDataUrl = new("--model-data-url") { Description = "Where the model artifact is (with --image)." };
    private readonly Option<string?> _approval = new("--approval") { Description = "PendingManualApproval (default), Approved or Rejected." };
    private readonly Option<string?> _approvalDescription = new("--approval-description") { Description = "Why." };
    private readonly Option<string?> _cardName = new("--card-name") { Description = "Create a model card with the version, with this name (default GROUP-vN)." };
    private readonly Option<FileInfo?> _cardContent = new("--card-content") { Description = "The card's hand-written content (JSON); creates a card with the version." };
    private readonly Option<string?> _cardStatus = new("--card-status") { Description = "The new card's status (default Draft)." };
    private readonly Option<bool> _noCarryOver = new("--no-carry-over") { Description = "Do not carry the previous version's card over into a new Draft card." };
    private readonly Option<string?> _trainingJob = new("--training-job") { Description = "The recorded training job that produced the version (fills its card)." };
    private readonly Option<string[]> _metadata = RegistryOptions.Pairs("--metadata", "Customer metadata as KEY=VALUE; repeat for more (at most 50).");
    private readonly Option<string?> _sourceUri = new("--source-uri") { Description = "Where the model came from." };
    private readonly Option<string?> _clientToken = new("--client-token") { Description = "Makes a retry safe: the same token and parameters register once." };

    public PackagesRegisterCommand(CliContext context)
        : base("register", "Register the next version of a model in a group.", context)
    {
        _approval.AcceptOnlyFromAmong([.. ModelApprovalStatuses.All]);
        _cardStatus.AcceptOnlyFromAmong([.. ModelCardStatuses.All]);
        Arguments.Add(_group);
        foreach (var option in new Option[] { _file, _description, _image, _modelDataUrl, _approval, _approvalDescription, _cardName, _cardContent, _cardStatus, _noCarryOver, _trainingJob, _metadata, _sourceUri, _clientToken })
        {
            Options.Add(option);
        }
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var request = parse.GetValue(_file) is { } file ? RegistryOptions.ReadFile<NewModelPackage>(file, "--file") : new NewModelPackage();
        request = request with
        {
            ModelPackageGroupName = parse.GetValue(_group),
            ModelPackageDescription = parse.GetValue(_description) ?? request.ModelPackageDescription,
            ModelApprovalStatus = parse.GetValue(_approval) ?? request.ModelApprovalStatus,
            ApprovalDescription = parse.GetValue(_approvalDescription) ?? request.ApprovalDescription,
            TrainingJobName = parse.GetValue(_trainingJob) ?? request.TrainingJobName,
            CustomerMetadataProperties = RegistryOptions.ParsePairs(parse.GetValue(_metadata), "--metadata") ?? request.CustomerMetadataProperties,
            SourceUri = parse.GetValue(_sourceUri) ?? request.SourceUri,
            ClientToken = parse.GetValue(_clientToken) ?? request.ClientToken,
            CarryOverModelCard = parse.GetValue(_noCarryOver) ? false : request.CarryOverModelCard,
        };
        if (parse.GetValue(_image) is { } image)
        {
            request = request with { InferenceSpecification = new InferenceSpecification { Containers = [new InferenceContainer { Image = image, ModelDataUrl = parse.GetValue(_modelDataUrl) }] } };
        }
        else if (parse.GetValue(_modelDataUrl) is not null)
        {
            throw new UsageException("--model-data-url goes with --image.");
        }

        if (parse.GetValue(_cardName) is not null || parse.GetValue(_cardContent) is not null || parse.GetValue(_cardStatus) is not null)
        {
            var content = parse.GetValue(_cardContent) is { } cardFile ? RegistryOptions.ReadFile<JsonElement>(cardFile, "--card-content") : (JsonElement?)null;
            request = request with
            {
                ModelCard = new PackageModelCard
                {
                    Name = parse.GetValue(_cardName) ?? request.ModelCard?.Name,
                    Content = content ?? request.ModelCard?.Content,
                    Status = parse.GetValue(_cardStatus) ?? request.ModelCard?.Status,
                },
            };
        }

        var package = await client.RegisterModelPackageAsync(request, cancellationToken);
        if (json)
        {
            Context.WriteJson(package);
        }
        else
        {
            Context.OutWriter.WriteLine($"Registered {package.ModelPackageGroupName} version {package.ModelPackageVersion} ({package.ModelApprovalStatus}).");
            Context.OutWriter.WriteLine($"ARN:  {package.ModelPackageArn}");
            if (package.ModelCardName is { } card)
            {
                Context.OutWriter.WriteLine($"Card: {card}");
            }
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry packages get GROUP VERSION</c>.</summary>
public sealed class PackagesGetCommand : ServerCommand
{
    private readonly Argument<string> _group = RegistryOptions.Group();
    private readonly Argument<int> _version = RegistryOptions.Version();

    public PackagesGetCommand(CliContext context)
        : base("get", "Show a model package version.", context)
    {
        Arguments.Add(_group);
        Arguments.Add(_version);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var package = await client.DescribeModelPackageAsync(parse.GetValue(_group)!, parse.GetValue(_version), cancellationToken);
        if (json)
        {
            Context.WriteJson(package);
        }
        else
        {
            RegistryOptions.WritePackage(Context, package);
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry packages list [--group G] [--name-contains T] [--approval-status S] [--sort-by B] [--sort-order O] [--max-results N] [--next-token T]</c>.</summary>
public sealed class PackagesListCommand : ServerCommand
{
    private readonly Option<string?> _group = new("--group") { Description = "Only this group's versions." };
    private readonly Option<string?> _nameContains = new("--name-contains") { Description = "Only versions whose group name contains this (case-insensitive)." };
    private readonly Option<string?> _approval = new("--approval-status") { Description = "Only versions in this approval status." };
    private readonly Option<string?> _sortBy = new("--sort-by") { Description = "CreationTime (default: registration order) or Name (group name, then version)." };
    private readonly Option<string?> _sortOrder = new("--sort-order") { Description = "Ascending (default) or Descending." };
    private readonly Option<int?> _maxResults = RegistryOptions.MaxResults();
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page (with the same filters)." };

    public PackagesListCommand(CliContext context)
        : base("list", "List model package versions.", context)
    {
        _approval.AcceptOnlyFromAmong([.. ModelApprovalStatuses.All]);
        _sortBy.AcceptOnlyFromAmong("CreationTime", "Name");
        _sortOrder.AcceptOnlyFromAmong("Ascending", "Descending");
        Options.Add(_group);
        Options.Add(_nameContains);
        Options.Add(_approval);
        Options.Add(_sortBy);
        Options.Add(_sortOrder);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListModelPackagesAsync(new ModelPackageQuery(
            parse.GetValue(_group), parse.GetValue(_approval), SortOrder: parse.GetValue(_sortOrder), MaxResults: parse.GetValue(_maxResults), NextToken: parse.GetValue(_nextToken),
            NameContains: parse.GetValue(_nameContains), SortBy: parse.GetValue(_sortBy)), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = RegistryOptions.Table("Group", "Version", "Approval", "Card", "Stage", "Registered (UTC)");
        foreach (var p in page.ModelPackages)
        {
            table.AddRow(RegistryOptions.Escape(p.ModelPackageGroupName), p.ModelPackageVersion.ToString(CultureInfo.InvariantCulture), p.ModelApprovalStatus,
                RegistryOptions.Escape(p.ModelCardName), RegistryOptions.Escape(p.ModelLifeCycle?.Stage), RegistryOptions.Time(p.CreatedAt));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.ModelPackages.Count} version(s).");
        RegistryOptions.More(Context, page.NextToken);
        return ExitCodes.Success;
    }
}

/// <summary>
/// <c>steward registry packages update GROUP VERSION [--approval S [--approval-description T]] [--link-card NAME]
/// [--metadata K=V]... [--remove-metadata K]... [--stage S --stage-status S [--stage-description T]] [--if-match ETAG]</c>.
/// </summary>
public sealed class PackagesUpdateCommand : ServerCommand
{
    private readonly Argument<string> _group = RegistryOptions.Group();
    private readonly Argument<int> _version = RegistryOptions.Version();
    private readonly Option<string?> _approval = new("--approval") { Description = "The new approval status: Approved needs an Approved model card (unless the account turned the gate off)." };
    private readonly Option<string?> _approvalDescription = new("--approval-description") { Description = "Why (recorded in the approval history)." };
    private readonly Option<string?> _linkCard = new("--link-card") { Description = "Link this existing model card to the version." };
    private readonly Option<string[]> _metadata = RegistryOptions.Pairs("--metadata", "Customer metadata to add or replace, KEY=VALUE; repeat for more.");
    private readonly Option<string[]> _removeMetadata = new("--remove-metadata") { Description = "A customer metadata key to remove; repeat for more.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _stage = new("--stage") { Description = "Life cycle stage, e.g. Production (with --stage-status)." };
    private readonly Option<string?> _stageStatus = new("--stage-status") { Description = "Life cycle stage status, e.g. Approved." };
    private readonly Option<string?> _stageDescription = new("--stage-description") { Description = "Life cycle stage description." };
    private readonly Option<string?> _ifMatch = new("--if-match") { Description = "Only change the version if its ETag still is this value." };

    public PackagesUpdateCommand(CliContext context)
        : base("update", "Change a version's approval, card, customer metadata or life cycle.", context)
    {
        _approval.AcceptOnlyFromAmong([.. ModelApprovalStatuses.All]);
        Arguments.Add(_group);
        Arguments.Add(_version);
        foreach (var option in new Option[] { _approval, _approvalDescription, _linkCard, _metadata, _removeMetadata, _stage, _stageStatus, _stageDescription, _ifMatch })
        {
            Options.Add(option);
        }
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var remove = parse.GetValue(_removeMetadata);
        var stage = parse.GetValue(_stage);
        var stageStatus = parse.GetValue(_stageStatus);
        var update = new ModelPackageUpdate
        {
            ModelApprovalStatus = parse.GetValue(_approval),
            ApprovalDescription = parse.GetValue(_approvalDescription),
            ModelCardName = parse.GetValue(_linkCard),
            CustomerMetadataProperties = RegistryOptions.ParsePairs(parse.GetValue(_metadata), "--metadata"),
            CustomerMetadataPropertiesToRemove = remove is { Length: > 0 } ? remove : null,
            ModelLifeCycle = stage is null && stageStatus is null ? null : new ModelLifeCycle { Stage = stage, StageStatus = stageStatus, StageDescription = parse.GetValue(_stageDescription) },
        };
        var package = await client.UpdateModelPackageAsync(parse.GetValue(_group)!, parse.GetValue(_version), update, parse.GetValue(_ifMatch), cancellationToken);
        if (json)
        {
            Context.WriteJson(package);
        }
        else
        {
            RegistryOptions.WritePackage(Context, package);
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry packages approvals GROUP VERSION</c>: the approval history.</summary>
public sealed class PackagesApprovalsCommand : ServerCommand
{
    private readonly Argument<string> _group = RegistryOptions.Group();
    private readonly Argument<int> _version = RegistryOptions.Version();

    public PackagesApprovalsCommand(CliContext context)
        : base("approvals", "Show a version's approval history: who changed it, when, and why.", context)
    {
        Arguments.Add(_group);
        Arguments.Add(_version);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var history = await client.GetModelPackageApprovalHistoryAsync(parse.GetValue(_group)!, parse.GetValue(_version), cancellationToken);
        if (json)
        {
            Context.WriteJson(history);
            return ExitCodes.Success;
        }

        var table = RegistryOptions.Table("Time (UTC)", "Change", "By", "Description");
        foreach (var e in history.Entries)
        {
            table.AddRow(RegistryOptions.Time(e.Time), e.FromStatus is null ? e.ToStatus : $"{e.FromStatus} -> {e.ToStatus}", RegistryOptions.Escape(e.Actor), RegistryOptions.Escape(e.Description));
        }

        Context.Out.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry packages delete GROUP VERSION</c>.</summary>
public sealed class PackagesDeleteCommand : ServerCommand
{
    private readonly Argument<string> _group = RegistryOptions.Group();
    private readonly Argument<int> _version = RegistryOptions.Version();

    public PackagesDeleteCommand(CliContext context)
        : base("delete", "Delete a model package version (its number is never reused).", context)
    {
        Arguments.Add(_group);
        Arguments.Add(_version);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var (group, version) = (parse.GetValue(_group)!, parse.GetValue(_version));
        await client.DeleteModelPackageAsync(group, version, cancellationToken);
        if (json)
        {
            Context.WriteJson(new { deleted = $"{group}/{version}" });
        }
        else
        {
            Context.OutWriter.WriteLine($"Deleted {group} version {version}.");
        }

        return ExitCodes.Success;
    }
}
