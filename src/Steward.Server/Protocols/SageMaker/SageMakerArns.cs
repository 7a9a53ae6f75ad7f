using Steward.Server.Access.Authorization;
using Steward.Server.Hosting;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>Members that take a name or an ARN (<c>ModelCardNameOrArn</c>, <c>ArnOrName</c>, ...).</summary>
public static class SageMakerArns
{
    /// <summary>The resource a name-or-ARN member names: the ARN as given (so another account's ARN is refused by authorization), or the name's ARN in the caller's account.</summary>
    public static string Resource(ResourceContext context, string type, string? nameOrArn) =>
        nameOrArn is not null && IsArn(nameOrArn) ? nameOrArn : context.Arn("sagemaker", $"{type}/{nameOrArn}");

    /// <summary>
    /// The name in a name-or-ARN member. An ARN of another region, partition or resource type names nothing here:
    /// <paramref name="notFound"/> answers for it. (Another account's ARN never gets here: authorization refuses it.)
    /// </summary>
    public static string Name(string nameOrArn, string type, string region, Func<string, StewardException> notFound)
    {
        if (!IsArn(nameOrArn))
        {
            return nameOrArn;
        }

        var parts = nameOrArn.Split(':', 6);
        var prefix = type + "/";
        if (parts.Length != 6 || parts[1] != "aws" || parts[2] != "sagemaker" || parts[3] != region || !parts[5].StartsWith(prefix, StringComparison.Ordinal))
        {
            throw notFound(nameOrArn);
        }

        return parts[5][prefix.Length..];
    }

    public static bool IsArn(string value) => value.StartsWith("arn:", StringComparison.Ordinal);
}
