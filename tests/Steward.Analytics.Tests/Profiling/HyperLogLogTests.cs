using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Profiling;

public sealed class HyperLogLogTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(50_000)]
    [InlineData(1_000_000)]
    public void Estimate_is_within_three_standard_errors(int distinct)
    {
        var hll = new HyperLogLog();
        for (var i = 0; i < distinct; i++)
        {
            hll.Add(i * 1.5);
            hll.Add(i * 1.5);
        }

        var error = Math.Abs(hll.Estimate() - distinct) / (double)distinct;
        Assert.True(error <= 3 * hll.RelativeStandardError, $"relative error {error:P2}");
    }

    [Fact]
    public void Merge_equals_the_union()
    {
        var a = new HyperLogLog();
        var b = new HyperLogLog();
        var all = new HyperLogLog();
        for (var i = 0; i < 20_000; i++)
        {
            var s = $"v{i}";
            (i % 2 == 0 ? a : b).Add(s);
            all.Add(s);
        }

        a.Merge(b);
        Assert.Equal(all.Estimate(), a.Estimate());
    }
}
