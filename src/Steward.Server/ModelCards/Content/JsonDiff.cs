using System.Text.Json;

namespace Steward.Server.ModelCards.Content;

/// <summary>
/// Field-level differences between two JSON documents, in document order: objects member by member, arrays element
/// by element (a longer array has its extra elements added or removed), anything else compared by value.
/// </summary>
public static class JsonDiff
{
    public static IReadOnlyList<ModelCardChange> Compare(JsonElement from, JsonElement to)
    {
        var changes = new List<ModelCardChange>();
        Walk(from, to, string.Empty, changes);
        return changes;
    }

    private static void Walk(JsonElement from, JsonElement to, string pointer, List<ModelCardChange> changes)
    {
        if (from.ValueKind == JsonValueKind.Object && to.ValueKind == JsonValueKind.Object)
        {
            var after = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in to.EnumerateObject())
            {
                after[property.Name] = property.Value;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in from.EnumerateObject())
            {
                seen.Add(property.Name);
                var child = pointer + "/" + JsonPointers.Escape(property.Name);
                if (after.TryGetValue(property.Name, out var value))
                {
                    Walk(property.Value, value, child, changes);
                }
                else
                {
                    changes.Add(new ModelCardChange(child, ModelCardChangeKinds.Removed, property.Value.Clone(), null));
                }
            }

            foreach (var property in to.EnumerateObject())
            {
                if (!seen.Contains(property.Name))
                {
                    changes.Add(new ModelCardChange(pointer + "/" + JsonPointers.Escape(property.Name), ModelCardChangeKinds.Added, null, property.Value.Clone()));
                }
            }

            return;
        }

        if (from.ValueKind == JsonValueKind.Array && to.ValueKind == JsonValueKind.Array)
        {
            var a = from.EnumerateArray().ToList();
            var b = to.EnumerateArray().ToList();
            for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
            {
                var child = pointer + "/" + i;
                if (i >= b.Count)
                {
                    changes.Add(new ModelCardChange(child, ModelCardChangeKinds.Removed, a[i].Clone(), null));
                }
                else if (i >= a.Count)
                {
                    changes.Add(new ModelCardChange(child, ModelCardChangeKinds.Added, null, b[i].Clone()));
                }
                else
                {
                    Walk(a[i], b[i], child, changes);
                }
            }

            return;
        }

        if (!JsonElement.DeepEquals(from, to))
        {
            changes.Add(new ModelCardChange(pointer, ModelCardChangeKinds.Changed, from.Clone(), to.Clone()));
        }
    }
}
