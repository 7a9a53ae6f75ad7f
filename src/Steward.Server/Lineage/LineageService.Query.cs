using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;

namespace Steward.Server.Lineage;

public sealed partial class LineageService
{
    /// <summary>Ids per IN list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int IdsPerQuery = 1000;

    /// <summary>The output formats of a query.</summary>
    public static readonly string[] Formats = ["json", "dot", "mermaid"];

    /// <summary>Checks a query's parameters (all of them, in one problem) and returns the format asked for.</summary>
    public (LineageDirection Direction, int Depth, string Format) CheckQuery(Caller caller, LineageQuery query)
    {
        var errors = new List<FieldError>();
        LineageRules.CheckKey(query.Start, caller.AccountId, "/start", errors);
        var direction = LineageRules.ParseEnum<LineageDirection>(query.Direction, "/direction", errors, required: false) ?? LineageDirection.Both;
        var depth = LineageRules.ParseDepth(query.Depth, errors);
        var format = query.Format ?? "json";
        if (!Formats.Contains(format, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("/format", "enum", "must be one of " + string.Join(", ", Formats)));
        }

        ThrowIfAny(errors);
        return (direction, depth, format);
    }

    /// <summary>
    /// Walks the graph from <paramref name="startKey"/> breadth-first, one indexed query per level and direction
    /// (<c>(AccountId, SourceId)</c> downstream, <c>(AccountId, DestinationId)</c> upstream), each returning the
    /// neighbours' keys with the edges, so a depth-5 query over any size of graph is at most 11 round trips. An entity
    /// is visited once per direction, so cycles (possible with associations added by hand) end the walk, not loop it.
    /// </summary>
    public async Task<LineageGraph> QueryAsync(Caller caller, string startKey, LineageDirection direction, int depth, CancellationToken cancellationToken)
    {
        var start = await db.LineageEntities.AsNoTracking()
            .Where(e => e.AccountId == caller.AccountId && e.Key == startKey)
            .Select(e => new Reached(e.Id, e.Key, e.Kind, e.Name))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw NotFound(startKey);

        var nodes = new List<LineageNode> { new(start.Key, start.Kind.ToString(), start.Name, "Start", 0) };
        var edges = new List<LineageEdge>();
        var listed = new HashSet<long> { start.Id };
        var truncated = false;
        bool[] walks = direction == LineageDirection.Both ? [false, true] : [direction == LineageDirection.Downstream];
        foreach (var downstream in walks)
        {
            var seen = new Dictionary<long, string> { [start.Id] = start.Key };
            var frontier = new List<long> { start.Id };
            for (var level = 1; level <= depth && frontier.Count > 0 && !truncated; level++)
            {
                var next = new List<long>();
                foreach (var chunk in frontier.Chunk(IdsPerQuery))
                {
                    foreach (var step in await StepAsync(caller.AccountId, chunk, downstream, cancellationToken))
                    {
                        if (!seen.TryGetValue(step.Neighbour.Id, out var neighbourKey))
                        {
                            if (!listed.Contains(step.Neighbour.Id) && nodes.Count >= LineageRules.MaxNodes)
                            {
                                truncated = true;
                                continue;
                            }

                            neighbourKey = step.Neighbour.Key;
                            seen[step.Neighbour.Id] = neighbourKey;
                            next.Add(step.Neighbour.Id);
                            if (listed.Add(step.Neighbour.Id))
                            {
                                nodes.Add(new LineageNode(neighbourKey, step.Neighbour.Kind.ToString(), step.Neighbour.Name, downstream ? "Downstream" : "Upstream", level));
                            }
                        }

                        var from = seen[step.From];
                        edges.Add(downstream
                            ? new LineageEdge(from, neighbourKey, step.Type.ToString(), step.Manual)
                            : new LineageEdge(neighbourKey, from, step.Type.ToString(), step.Manual));
                    }
                }

                frontier = next;
            }
        }

        return new LineageGraph(start.Key, direction.ToString(), depth, nodes, [.. edges.Distinct()], truncated);
    }

    private async Task<List<Step>> StepAsync(string accountId, long[] frontier, bool downstream, CancellationToken cancellationToken)
    {
        var associations = db.LineageAssociations.AsNoTracking().Where(a => a.AccountId == accountId);
        return downstream
            ? await (from a in associations.Where(a => frontier.Contains(a.SourceId))
                     join e in db.LineageEntities on a.DestinationId equals e.Id
                     orderby a.Id
                     select new Step(a.SourceId, new Reached(e.Id, e.Key, e.Kind, e.Name), a.Type, a.Manual)).ToListAsync(cancellationToken)
            : await (from a in associations.Where(a => frontier.Contains(a.DestinationId))
                     join e in db.LineageEntities on a.SourceId equals e.Id
                     orderby a.Id
                     select new Step(a.DestinationId, new Reached(e.Id, e.Key, e.Kind, e.Name), a.Type, a.Manual)).ToListAsync(cancellationToken);
    }

    private sealed record Reached(long Id, string Key, LineageEntityKind Kind, string? Name);

    private sealed record Step(long From, Reached Neighbour, LineageAssociationType Type, bool Manual);
}
