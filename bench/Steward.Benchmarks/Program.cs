using BenchmarkDotNet.Running;
using Steward.Benchmarks.Analytics;
using Steward.Benchmarks.Platform;

// Scenarios that drive a running server are plain programs; everything else is a BenchmarkDotNet suite.
return args.FirstOrDefault() switch
{
    "load" => await LoadScenario.RunAsync(args[1..]),
    "startup" => await StartupScenario.RunAsync(args[1..]),
    "cards" => await ModelCardScenario.RunAsync(args[1..]),
    "registry" => await Steward.Benchmarks.Registry.RegistryScenario.RunAsync(args[1..]),
    "lineage" => await LineageScenario.RunAsync(args[1..]),
    "sagemaker" => await SageMakerScenario.RunAsync(args[1..]),
    "dashboard" => await DashboardScenario.RunAsync(args[1..]),
    "shap" => await KernelShapScenario.RunAsync(args[1..]),
    "profile-compare" => await ProfileCompareScenario.RunAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(LoadScenario).Assembly).Run(args);
    return 0;
}
