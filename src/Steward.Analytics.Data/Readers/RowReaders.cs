using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Steward.Analytics.Data.Readers;

/// <summary>Row-oriented readers: CSV (with header), JSON Lines, SageMaker data capture.</summary>
internal static class RowReaders
{
    public static void Read(string path, DataFormat format, IRowSink sink, IProgress<long>? progress, CancellationToken ct)
    {
        switch (format)
        {
            case DataFormat.Csv:
                ReadCsv(path, sink, progress, ct);
                break;
            case DataFormat.JsonLines:
                ReadJsonLines(path, sink, progress, ct);
                break;
            case DataFormat.Capture:
                ReadCapture(path, sink, progress, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static void ReadCsv(string path, IRowSink sink, IProgress<long>? progress, CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var csv = new CsvParser(reader);
        if (!csv.Read())
        {
            throw new AnalyticsInputException(path, "is empty: expected a header row naming the columns");
        }

        var columns = new int[csv.FieldCount];
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var name = csv[i].Trim().ToString();
            if (name.Length == 0)
            {
                throw new AnalyticsInputException(path, $"header field {i + 1} is empty; every column needs a name");
            }

            columns[i] = sink.Column(name);
        }

        long row = 0;
        while (csv.Read())
        {
            row++;
            if (csv.FieldCount != columns.Length)
            {
                throw new AnalyticsInputException(path, $"row {row} (line {csv.LineNumber}) has {csv.FieldCount} fields but the header has {columns.Length}; ragged rows are not accepted");
            }

            for (var i = 0; i < columns.Length; i++)
            {
                var f = csv[i];
                if (f.Length > 0)
                {
                    sink.Value(columns[i], f, row);
                }
            }

            sink.EndRow(row);
            if ((row & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(row);
            }
        }

        progress?.Report(row);
        if (row == 0)
        {
            throw new AnalyticsInputException(path, "has a header but no data rows");
        }
    }

    private static void ReadJsonLines(string path, IRowSink sink, IProgress<long>? progress, CancellationToken ct)
    {
        long row = 0;
        var chars = new char[256];
        foreach (var (line, lineNo) in Lines(path))
        {
            row++;
            var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new AnalyticsInputException(path, $"line {lineNo} is not a JSON object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    var col = sink.Column(name);
                    reader.Read();
                    WriteValue(ref reader, line.Span, sink, col, row, ref chars);
                }
            }
            catch (JsonException e)
            {
                throw new AnalyticsInputException(path, $"line {lineNo} is not valid JSON: {e.Message}");
            }

            sink.EndRow(row);
            if ((row & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(row);
            }
        }

        progress?.Report(row);
        if (row == 0)
        {
            throw new AnalyticsInputException(path, "is empty: expected one JSON object per line");
        }
    }

    private static void WriteValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, IRowSink sink, int col, long row, ref char[] chars)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.True:
                sink.Value(col, "true", row);
                return;
            case JsonTokenType.False:
                sink.Value(col, "false", row);
                return;
            case JsonTokenType.String:
                if (chars.Length < reader.ValueSpan.Length)
                {
                    chars = new char[reader.ValueSpan.Length * 2];
                }

                var n = reader.CopyString(chars);
                sink.Value(col, chars.AsSpan(0, n), row);
                return;
            case JsonTokenType.Number:
                var bytes = reader.ValueSpan;
                if (chars.Length < bytes.Length)
                {
                    chars = new char[bytes.Length * 2];
                }

                var m = Encoding.ASCII.GetChars(bytes, chars);
                sink.Value(col, chars.AsSpan(0, m), row);
                return;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = line[start..(int)reader.BytesConsumed];
                sink.Value(col, Encoding.UTF8.GetString(raw), row);
                return;
        }
    }

    private static void ReadCapture(string path, IRowSink sink, IProgress<long>? progress, CancellationToken ct)
    {
        long row = 0;
        foreach (var (line, lineNo) in Lines(path))
        {
            ct.ThrowIfCancellationRequested();
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new AnalyticsInputException(path, $"line {lineNo} is not valid JSON: {e.Message}");
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object
                    || !doc.RootElement.TryGetProperty("captureData", out var capture)
                    || capture.ValueKind != JsonValueKind.Object
                    || !capture.TryGetProperty("endpointInput", out var input)
                    || input.ValueKind != JsonValueKind.Object)
                {
                    throw new AnalyticsInputException(path, $"line {lineNo}: captureData.endpointInput is missing; not a SageMaker data-capture record");
                }

                var data = input.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : throw new AnalyticsInputException(path, $"line {lineNo}: captureData.endpointInput.data is missing or not a string");
                var encoding = input.TryGetProperty("encoding", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "CSV";
                var contentType = input.TryGetProperty("observedContentType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "text/csv";
                if (encoding.Equals("BASE64", StringComparison.OrdinalIgnoreCase))
                {
                    try
                    {
                        data = Encoding.UTF8.GetString(Convert.FromBase64String(data));
                    }
                    catch (FormatException)
                    {
                        throw new AnalyticsInputException(path, $"line {lineNo}: captureData.endpointInput.data is not valid base64");
                    }

                    encoding = contentType.Contains("csv", StringComparison.OrdinalIgnoreCase) ? "CSV" : "JSON";
                }

                if (encoding.Equals("CSV", StringComparison.OrdinalIgnoreCase))
                {
                    var csv = new CsvParser(new StringReader(data));
                    while (csv.Read())
                    {
                        row++;
                        for (var i = 0; i < csv.FieldCount; i++)
                        {
                            var col = sink.Column(FormattableString.Invariant($"_c{i}"));
                            if (csv[i].Length > 0)
                            {
                                sink.Value(col, csv[i], row);
                            }
                        }

                        sink.EndRow(row);
                    }
                }
                else
                {
                    row = CaptureJsonRows(path, lineNo, data, sink, row);
                }
            }

            if ((lineNo & 0x3FFF) == 0)
            {
                progress?.Report(row);
            }
        }

        progress?.Report(row);
        if (row == 0)
        {
            throw new AnalyticsInputException(path, "holds no captured records");
        }
    }

    private static long CaptureJsonRows(string path, long lineNo, string data, IRowSink sink, long row)
    {
        using var payload = JsonDocument.Parse(data);
        var root = payload.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("instances", out var instances) && instances.ValueKind == JsonValueKind.Array)
        {
            root = instances;
        }

        IEnumerable<JsonElement> records = root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(x => x.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            ? root.EnumerateArray()
            : [root];
        foreach (var rec in records)
        {
            row++;
            if (rec.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in rec.EnumerateObject())
                {
                    Emit(sink, sink.Column(p.Name), p.Value, row);
                }
            }
            else if (rec.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var v in rec.EnumerateArray())
                {
                    Emit(sink, sink.Column(FormattableString.Invariant($"_c{i++}")), v, row);
                }
            }
            else
            {
                throw new AnalyticsInputException(path, $"line {lineNo}: JSON payload is neither an object nor an array");
            }

            sink.EndRow(row);
        }

        return row;
    }

    private static void Emit(IRowSink sink, int col, JsonElement v, long row)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                return;
            case JsonValueKind.String:
                sink.Value(col, v.GetString(), row);
                return;
            default:
                sink.Value(col, v.GetRawText(), row);
                return;
        }
    }

    /// <summary>Non-blank lines of a UTF-8 file as byte slices (valid until the next item) with 1-based line numbers.</summary>
    private static IEnumerable<(ReadOnlyMemory<byte> Line, long LineNo)> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int start = 0, end = 0;
            long lineNo = 0;
            var eof = false;
            var first = true;
            while (true)
            {
                var nl = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (nl < 0 && !eof)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var read = stream.Read(buffer, end, buffer.Length - end);
                    if (read == 0)
                    {
                        eof = true;
                    }

                    end += read;
                    continue;
                }

                var lineEnd = nl < 0 ? end : nl;
                if (nl < 0 && start == end)
                {
                    yield break;
                }

                lineNo++;
                var s = start;
                if (first && lineEnd - s >= 3 && buffer[s] == 0xEF && buffer[s + 1] == 0xBB && buffer[s + 2] == 0xBF)
                {
                    s += 3;
                }

                first = false;
                var e = lineEnd;
                if (e > s && buffer[e - 1] == '\r')
                {
                    e--;
                }

                var slice = new ReadOnlyMemory<byte>(buffer, s, e - s);
                start = nl < 0 ? end : nl + 1;
                if (!slice.Span.Trim((byte)' ').IsEmpty)
                {
                    yield return (slice, lineNo);
                }

                if (nl < 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
