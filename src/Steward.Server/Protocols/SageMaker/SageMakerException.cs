using Steward.Server.Hosting;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>
/// An error answered in SageMaker's own terms: <see cref="StewardException.Code"/> is the <c>__type</c> the client
/// sees (<c>ValidationException</c>, <c>ResourceNotFound</c>, ...), with its HTTP status.
/// </summary>
public sealed class SageMakerException(int status, string type, string message) : StewardException(status, type, message)
{
    public static SageMakerException Validation(string message) => new(StatusCodes.Status400BadRequest, SageMakerErrors.Validation, message);

    public static SageMakerException Serialization(string message) => new(StatusCodes.Status400BadRequest, SageMakerErrors.Serialization, message);

    public static SageMakerException UnknownOperation(string message) => new(StatusCodes.Status400BadRequest, SageMakerErrors.UnknownOperation, message);
}
