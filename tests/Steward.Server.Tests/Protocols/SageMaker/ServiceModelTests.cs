using System.Text.Json;
using Steward.Server.Protocols.SageMaker;
using Steward.Server.Protocols.SageMaker.ServiceModel;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>The embedded service model: complete, current with the shared subset, and readable by .NET.</summary>
public sealed class ServiceModelTests
{
    [Fact]
    public void The_embedded_model_is_the_shared_subset_without_documentation()
    {
        var model = SageMakerServiceModel.Instance;
        using var shared = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedSpecs.Directory("sagemaker"), "service-subset.json")));
        // The shared subset, plus the tag operations it lacks (taken from the same botocore release by trim_service_model.py).
        var operations = shared.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name).Concat(["AddTags", "ListTags", "DeleteTags"]);
        Assert.Equal(operations.Order(StringComparer.Ordinal), model.Operations.Keys.Order(StringComparer.Ordinal));
        Assert.All(shared.RootElement.GetProperty("shapes").EnumerateObject(), shape => Assert.True(model.Shapes.ContainsKey(shape.Name), shape.Name));
        Assert.Equal("SageMaker", model.TargetPrefix);
        Assert.Equal("sagemaker", model.SigningName);
    }

    [Fact]
    public void Patterns_match_whole_values_as_SageMaker_documents_them()
    {
        var entityName = SageMakerServiceModel.Instance.Shapes["EntityName"].Pattern!;
        Assert.Matches(entityName, "churn-model-1");
        Assert.DoesNotMatch(entityName, "-churn");
        Assert.DoesNotMatch(entityName, "churn_model");
        Assert.DoesNotMatch(entityName, "churn\n");
        var cardNameOrArn = SageMakerServiceModel.Instance.Shapes["ModelCardNameOrArn"].Pattern!;
        Assert.Matches(cardNameOrArn, "arn:aws:sagemaker:us-east-1:123456789012:model-card/churn");
    }

    [Fact]
    public void Every_answered_operation_is_in_the_model()
    {
        var operations = new SageMakerOperations([new Steward.Server.Protocols.SageMaker.Operations.ModelCardOperations()], SageMakerServiceModel.Instance);
        Assert.Contains("DescribeModelCard", operations.Names);
        Assert.All(operations.Names, name => Assert.True(SageMakerServiceModel.Instance.Operations.ContainsKey(name)));
    }
}
