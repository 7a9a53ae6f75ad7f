namespace Steward.Analytics.Data.Readers;

/// <summary>
/// A small RFC 4180 CSV parser that reuses its buffers: fields are exposed as spans valid until the next
/// <see cref="Read"/>. Quoted fields may contain commas, doubled quotes and newlines. Blank lines are skipped.
/// </summary>
internal sealed class CsvParser
{
    private readonly TextReader _reader;
    private readonly char[] _input = new char[1 << 16];
    private int _pos;
    private int _len;
    private char[] _record = new char[1024];
    private int _recordLen;
    private readonly List<(int Start, int Length)> _fields = [];

    public CsvParser(TextReader reader) => _reader = reader;

    /// <summary>1-based physical line where the current record starts.</summary>
    public long LineNumber { get; private set; }

    private long _nextLine = 1;

    public int FieldCount => _fields.Count;

    public ReadOnlySpan<char> this[int i] => _record.AsSpan(_fields[i].Start, _fields[i].Length);

    public bool Read()
    {
        while (true)
        {
            _fields.Clear();
            _recordLen = 0;
            LineNumber = _nextLine;
            if (!Peek(out var first))
            {
                return false;
            }

            if (first is '\n' or '\r')
            {
                ConsumeNewline();
                continue;
            }

            ParseRecord();
            return true;
        }
    }

    private void ParseRecord()
    {
        while (true)
        {
            var start = _recordLen;
            if (Peek(out var c) && c == '"')
            {
                _pos++;
                while (true)
                {
                    if (!Peek(out c))
                    {
                        throw new AnalyticsInputException($"line {LineNumber}", "unterminated quoted field at end of file");
                    }

                    _pos++;
                    if (c == '"')
                    {
                        if (Peek(out var next) && next == '"')
                        {
                            _pos++;
                            Append('"');
                            continue;
                        }

                        break;
                    }

                    if (c == '\n')
                    {
                        _nextLine++;
                    }

                    Append(c);
                }

                // Characters between the closing quote and the delimiter are kept, as lenient parsers do.
                while (Peek(out c) && c != ',' && c != '\n' && c != '\r')
                {
                    _pos++;
                    Append(c);
                }
            }
            else
            {
                while (Peek(out c) && c != ',' && c != '\n' && c != '\r')
                {
                    _pos++;
                    Append(c);
                }
            }

            _fields.Add((start, _recordLen - start));
            if (!Peek(out c))
            {
                return;
            }

            if (c == ',')
            {
                _pos++;
                continue;
            }

            ConsumeNewline();
            return;
        }
    }

    private void ConsumeNewline()
    {
        if (Peek(out var c) && c == '\r')
        {
            _pos++;
        }

        if (Peek(out c) && c == '\n')
        {
            _pos++;
        }

        _nextLine++;
    }

    private void Append(char c)
    {
        if (_recordLen == _record.Length)
        {
            Array.Resize(ref _record, _record.Length * 2);
        }

        _record[_recordLen++] = c;
    }

    private bool Peek(out char c)
    {
        if (_pos == _len)
        {
            _len = _reader.Read(_input, 0, _input.Length);
            _pos = 0;
            if (_len <= 0)
            {
                _len = 0;
                c = '\0';
                return false;
            }
        }

        c = _input[_pos];
        return true;
    }
}
