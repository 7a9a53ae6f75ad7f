using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Steward.Server.Access;

/// <summary>Generates and checks the shapes of access-key ids, secrets, account ids and passwords.</summary>
public static partial class Credentials
{
    private const string KeyIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_";

    /// <summary>AWS-style: "AKIA" and 16 characters of the upper-case base32 alphabet.</summary>
    public static string NewAccessKeyId() => "AKIA" + RandomNumberGenerator.GetString(KeyIdAlphabet, 16);

    public static string NewSecret() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    public static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 24);

    public static string NewAccountId() => RandomNumberGenerator.GetString("123456789", 1) + RandomNumberGenerator.GetString("0123456789", 11);

    public static bool IsAccessKeyId(string value) => AccessKeyIdPattern().IsMatch(value);

    public static bool IsSecret(string value) => SecretPattern().IsMatch(value);

    public static bool IsAccountId(string value) => AccountIdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Z0-9]{20}$")]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex("^[A-Za-z0-9+/]{40}$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();
}
