using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access;
using Steward.Server.Access.Authentication;
using Steward.Server.Audit;
using Steward.Server.Hosting;
using Steward.Server.Storage;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards.Demo;

/// <summary>
/// <c>steward serve --demo</c>: loads the example portfolio (the embedded <c>Demo/*.json</c> files, in file-name
/// order) into the default account as its administrator, through <see cref="ModelCardService"/> like any other front
/// end, and audited like one. Each file is one card and the steps that build it (content versions, a clone,
/// evaluations, status changes). A card whose name already exists is left alone, so a second start loads nothing and
/// a portfolio interrupted part-way is completed by the next start.
/// </summary>
public sealed class DemoPortfolio(StewardDbContext db, ModelCardService cards, AuditScope audit, TimeProvider time, ILogger<DemoPortfolio> logger)
{
    private const string ResourcePrefix = "Steward.ModelCards.Demo.";
    private const string UserAgent = "steward serve --demo";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The card names of the portfolio, in load order.</summary>
    public static IReadOnlyList<string> CardNames => [.. Files().Select(f => f.Name)];

    /// <summary>Loads the cards that do not exist yet; returns how many were created.</summary>
    public static async Task<int> LoadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<DemoPortfolio>(scope.ServiceProvider).LoadAsync(cancellationToken);
    }

    public async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        var administrator = await db.Users.AsNoTracking()
            .Where(u => u.IsAccountAdministrator && u.UserName == AdministratorBootstrap.AdministratorUserName)
            .OrderBy(u => u.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (administrator is null)
        {
            return 0;
        }

        var keyId = await db.AccessKeys.AsNoTracking().Where(k => k.UserId == administrator.Id).OrderBy(k => k.CreatedAt).Select(k => k.Id).FirstOrDefaultAsync(cancellationToken);
        var caller = new Caller(administrator.AccountId, administrator.Id, administrator.UserName, IsAccountAdministrator: true, keyId ?? string.Empty);
        var created = 0;
        foreach (var card in Files())
        {
            if (await ExistsAsync(caller, card.Name, cancellationToken))
            {
                continue;
            }

            try
            {
                foreach (var step in card.Steps)
                {
                    await ApplyAsync(caller, card, step, cancellationToken);
                }

                created++;
            }
            catch (StewardException ex)
            {
                // A demo is never a reason not to serve: say what failed and go on with the next card.
                logger.LogWarning("Demo card {Card} was not loaded completely: {Code}: {Reason}", card.Name, ex.Code, ex.Message);
            }
        }

        if (created > 0)
        {
            logger.LogInformation("Loaded {Count} demo model cards into account {Account}", created, caller.AccountId);
        }

        return created;
    }

    private async Task<bool> ExistsAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        try
        {
            await cards.DescribeAsync(caller, name, (int?)null, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private async Task ApplyAsync(Caller caller, DemoCard card, DemoStep step, CancellationToken cancellationToken)
    {
        if (step.Content is { } content && step.Status is null)
        {
            var exists = await ExistsAsync(caller, card.Name, cancellationToken);
            Begin(caller, card.Name, exists ? "sagemaker:UpdateModelCard" : "sagemaker:CreateModelCard");
            if (exists)
            {
                await cards.UpdateAsync(caller, card.Name, new UpdateModelCardRequest { Content = content }, null, cancellationToken);
            }
            else
            {
                await cards.CreateAsync(caller, card.Name, new CreateModelCardRequest { Content = content, Tags = card.TagList }, null, cancellationToken);
            }
        }
        else if (step.CloneFrom is { } clone)
        {
            Begin(caller, card.Name, "steward:CloneModelCard");
            await cards.CloneAsync(
                caller,
                card.Name,
                clone.From,
                new CloneModelCardRequest { SourceVersion = clone.Version, ContentOverrides = clone.Content, Tags = card.TagList },
                null,
                cancellationToken);
        }
        else if (step.Evaluation is { } evaluation)
        {
            Begin(caller, card.Name, "steward:AddModelCardEvaluation");
            await cards.AddEvaluationAsync(caller, card.Name, new AddModelCardEvaluationRequest { Evaluation = evaluation }, null, cancellationToken);
        }
        else if (step.Status is { } status)
        {
            Begin(caller, card.Name, "sagemaker:UpdateModelCard");
            await cards.UpdateAsync(caller, card.Name, new UpdateModelCardRequest { Status = status, Comment = step.Comment }, null, cancellationToken);
        }
        else
        {
            throw new InvalidOperationException($"Demo card {card.Name} has a step with nothing to do.");
        }
    }

    /// <summary>Gives the next state change an audit record, as the access middleware does for a request.</summary>
    private void Begin(Caller caller, string name, string action) => audit.Begin(
        new AuditRecord
        {
            Time = time.GetUtcNow().UtcDateTime,
            AccountId = caller.AccountId,
            PrincipalArn = caller.PrincipalArn,
            Action = action,
            ResourceArn = cards.ArnOf(caller.AccountId, name),
            UserAgent = UserAgent,
            RequestId = "demo-" + Guid.NewGuid().ToString("N"),
            Outcome = AuditOutcome.Allowed,
        },
        isWrite: true);

    private static IEnumerable<DemoCard> Files()
    {
        var assembly = typeof(DemoPortfolio).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            yield return JsonSerializer.Deserialize<DemoCard>(stream, Json)
                ?? throw new InvalidOperationException($"Demo resource {resource} is empty.");
        }
    }

    private sealed record DemoCard(string Name, Dictionary<string, string>? Tags, IReadOnlyList<DemoStep> Steps)
    {
        public IReadOnlyList<Tag>? TagList => Tags?.Select(t => new Tag(t.Key, t.Value)).ToList();
    }

    /// <summary>One step: <c>content</c> (create, then new versions), <c>clone</c>, <c>evaluation</c> or <c>status</c> (+ <c>comment</c>).</summary>
    private sealed record DemoStep(
        JsonElement? Content, [property: JsonPropertyName("clone")] DemoClone? CloneFrom, JsonElement? Evaluation, string? Status, string? Comment);

    private sealed record DemoClone(string From, int? Version, JsonElement? Content);
}
