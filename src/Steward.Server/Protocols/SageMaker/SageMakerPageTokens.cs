using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Access;
using Steward.Server.ModelCards.Integrity;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>
/// NextToken as clients see it: the feature service's own token, bound by an HMAC (key derived from the master key,
/// so every replica accepts it) to the operation, the account and the query — the input without NextToken and
/// MaxResults, in RFC 8785 form. A token from another query, another account, or altered in any way is a
/// ValidationException, never a page of something else.
/// </summary>
public sealed class SageMakerPageTokens(MasterKey masterKey)
{
    private const int MacBytes = 16;
    private readonly byte[] _key = masterKey.DeriveKey("steward:sagemaker:next-token");

    public static string Binding(string operation, string accountId, JsonElement input)
    {
        var query = JsonNode.Parse(input.GetRawText())!.AsObject();
        query.Remove("NextToken");
        query.Remove("MaxResults");
        var canonical = JsonCanonicalizer.Sha256Hex(JsonSerializer.SerializeToElement(new JsonObject
        {
            ["operation"] = operation,
            ["account"] = accountId,
            ["query"] = query,
        }));
        return canonical;
    }

    public string Wrap(string inner, string binding)
    {
        var payload = Encoding.UTF8.GetBytes(inner);
        var token = new byte[MacBytes + payload.Length];
        Mac(binding, payload).AsSpan(0, MacBytes).CopyTo(token);
        payload.CopyTo(token, MacBytes);
        return Base64Url.EncodeToString(token);
    }

    public string Unwrap(string token, string binding)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        if (bytes.Length <= MacBytes)
        {
            throw Invalid();
        }

        var payload = bytes.AsSpan(MacBytes);
        if (!CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, MacBytes), Mac(binding, payload).AsSpan(0, MacBytes)))
        {
            throw Invalid();
        }

        return Encoding.UTF8.GetString(payload);
    }

    private byte[] Mac(string binding, ReadOnlySpan<byte> payload)
    {
        var bound = Encoding.UTF8.GetBytes(binding + "\n");
        var data = new byte[bound.Length + payload.Length];
        bound.CopyTo(data, 0);
        payload.CopyTo(data.AsSpan(bound.Length));
        return HMACSHA256.HashData(_key, data);
    }

    private static SageMakerException Invalid() => SageMakerException.Validation(
        "The NextToken is not one this query returned (it belongs to another query or was altered); repeat the query without it.");
}
