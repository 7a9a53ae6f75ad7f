namespace Steward.Analytics.Data.Readers;

/// <summary>Input file formats the offline analyses read.</summary>
public enum DataFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>JSON Lines: one JSON object per line; keys are columns.</summary>
    JsonLines,

    /// <summary>Apache Parquet (flat schemas), streamed row group by row group.</summary>
    Parquet,

    /// <summary>SageMaker data-capture JSON Lines (<c>captureData.endpointInput</c> payloads).</summary>
    Capture,
}

/// <summary>Format names and detection.</summary>
public static class DataFormats
{
    /// <summary>
    /// Parses a <c>--format</c> value (<c>csv</c>, <c>jsonl</c>, <c>parquet</c>, <c>capture</c>), or detects the
    /// format from the extension when <paramref name="name"/> is null: .csv, .jsonl/.json/.ndjson, .parquet;
    /// a .jsonl file whose first line has <c>captureData</c> is a capture file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="name">Explicit format name or null.</param>
    /// <returns>The format.</returns>
    /// <exception cref="AnalyticsInputException">Unknown name or extension.</exception>
    public static DataFormat Resolve(string path, string? name)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (name is not null)
        {
            return name.ToLowerInvariant() switch
            {
                "csv" => DataFormat.Csv,
                "jsonl" or "jsonlines" or "json" => DataFormat.JsonLines,
                "parquet" => DataFormat.Parquet,
                "capture" => DataFormat.Capture,
                _ => throw new AnalyticsInputException("--format", $"'{name}' is not one of csv, jsonl, parquet, capture"),
            };
        }

        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".csv":
                return DataFormat.Csv;
            case ".parquet":
                return DataFormat.Parquet;
            case ".jsonl" or ".json" or ".ndjson":
                return LooksLikeCapture(path) ? DataFormat.Capture : DataFormat.JsonLines;
            default:
                throw new AnalyticsInputException(path, $"cannot tell the format from the extension '{ext}'; pass --format csv|jsonl|parquet|capture");
        }
    }

    private static bool LooksLikeCapture(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var reader = new StreamReader(path);
        for (var i = 0; i < 5; i++)
        {
            var line = reader.ReadLine();
            if (line is null)
            {
                return false;
            }

            if (line.Trim().Length > 0)
            {
                return line.Contains("\"captureData\"", StringComparison.Ordinal);
            }
        }

        return false;
    }
}
