using System.Text;

namespace Steward.Server.Lineage;

/// <summary>A query result as text for docs: Graphviz DOT and Mermaid flowcharts, nodes in the order the walk found them.</summary>
public static class LineageGraphText
{
    public static string ToDot(LineageGraph graph)
    {
        var ids = NodeIds(graph);
        var text = new StringBuilder();
        text.Append("digraph lineage {\n");
        text.Append("  rankdir=LR;\n");
        text.Append("  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
        text.Append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        foreach (var node in graph.Entities)
        {
            var shape = node.Kind switch
            {
                nameof(LineageEntityKind.Dataset) => "cylinder",
                nameof(LineageEntityKind.TrainingJob) or nameof(LineageEntityKind.TransformJob) => "box3d",
                nameof(LineageEntityKind.ModelArtifact) => "note",
                nameof(LineageEntityKind.Endpoint) => "ellipse",
                _ => "box",
            };
            text.Append($"  {ids[node.Key]} [label=\"{Dot(Label(node))}\", shape={shape}{(node.Direction == "Start" ? ", penwidth=2" : string.Empty)}];\n");
        }

        foreach (var edge in graph.Associations)
        {
            text.Append($"  {ids[edge.Source]} -> {ids[edge.Destination]} [label=\"{edge.Type}\"{(edge.Manual ? ", style=dashed" : string.Empty)}];\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    public static string ToMermaid(LineageGraph graph)
    {
        var ids = NodeIds(graph);
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        foreach (var node in graph.Entities)
        {
            var label = Mermaid(Label(node)).Replace("\n", "<br/>", StringComparison.Ordinal);
            var (open, close) = node.Kind switch
            {
                nameof(LineageEntityKind.Dataset) => ("[(\"", "\")]"),
                nameof(LineageEntityKind.TrainingJob) or nameof(LineageEntityKind.TransformJob) => ("[[\"", "\"]]"),
                nameof(LineageEntityKind.Endpoint) => ("([\"", "\"])"),
                _ => ("[\"", "\"]"),
            };
            text.Append($"  {ids[node.Key]}{open}{label}{close}\n");
        }

        foreach (var edge in graph.Associations)
        {
            text.Append($"  {ids[edge.Source]} {(edge.Manual ? "-." : "--")} {edge.Type} {(edge.Manual ? ".->" : "-->")} {ids[edge.Destination]}\n");
        }

        if (graph.Entities.Count > 0)
        {
            text.Append($"  style {ids[graph.Start]} stroke-width:3px\n");
        }

        return text.ToString();
    }

    private static Dictionary<string, string> NodeIds(LineageGraph graph)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in graph.Entities)
        {
            ids.TryAdd(node.Key, "n" + ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
    }

    private static string Label(LineageNode node) => node.Name is { Length: > 0 } name
        ? $"{node.Kind}: {name}\n{node.Key}"
        : $"{node.Kind}\n{node.Key}";

    private static string Dot(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Mermaid reads entity codes inside quoted labels; everything that could end the label or start markup becomes one.</summary>
    private static string Mermaid(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '#' => "#35;",
                '&' => "#amp;",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }
}
