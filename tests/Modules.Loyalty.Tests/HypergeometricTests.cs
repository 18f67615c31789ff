using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Tests.Support;

namespace RetailCommerce.Modules.Loyalty.Tests;

public sealed class HypergeometricTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void Matches_closed_forms(double z)
    {
        // 2F1(1, 1; 2; z) = −ln(1 − z)/z and 2F1(a, b; b; z) = (1 − z)^(−a).
        Within.Relative(-Math.Log(1 - z) / z, Hypergeometric.Gauss2F1(1, 1, 2, z), 1e-13, "2F1(1,1;2;z)");
        Within.Relative(Math.Pow(1 - z, -0.7), Hypergeometric.Gauss2F1(0.7, 2.3, 2.3, z), 1e-12, "2F1(a,b;b;z)");
    }

    [Fact]
    public void Is_one_at_zero_and_refuses_arguments_outside_its_domain()
    {
        Assert.Equal(1.0, Hypergeometric.Gauss2F1(2, 3, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Gauss2F1(2, 3, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Gauss2F1(2, 3, -0.5, 0.5));
    }
}
