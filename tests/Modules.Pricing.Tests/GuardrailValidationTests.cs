using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Pricing.Guardrails;

namespace RetailCommerce.Modules.Pricing.Tests;

public sealed class GuardrailValidationTests
{
    private static RetailError Refused(GuardrailInput input, EffectiveGuardrails? inherited = null) =>
        Assert.Throws<RetailError>(() => GuardrailValidation.Validate(input, id => id == "known", inherited));

    [Fact]
    public void Floor_above_ceiling_is_refused_naming_floor()
    {
        var e = Refused(new GuardrailInput { Scope = GuardrailScope.Product, Target = "known", Floor = 20, Ceiling = 10 });
        Assert.Equal("floor", e.Field);
        Assert.Equal(ErrorCodes.BadUserInput, e.Code);
    }

    [Fact]
    public void A_floor_above_an_inherited_ceiling_is_refused_too()
    {
        var e = Refused(new GuardrailInput { Scope = GuardrailScope.Product, Target = "known", Floor = 20 }, EffectiveGuardrails.Defaults with { Ceiling = 15 });
        Assert.Equal("floor", e.Field);
    }

    [Theory]
    [InlineData("cost")]
    [InlineData("target")]
    [InlineData("priceEnding")]
    [InlineData("maxStepChangePercent")]
    [InlineData("minMarginPercent")]
    public void Bad_fields_are_refused_by_name(string field)
    {
        var input = new GuardrailInput { Scope = GuardrailScope.Product, Target = "known" };
        switch (field)
        {
            case "cost": input.Cost = -1; break;
            case "target": input.Target = "unknown"; break;
            case "priceEnding": input.PriceEnding = 0.995m; break;
            case "maxStepChangePercent": input.MaxStepChangePercent = 150; break;
            case "minMarginPercent": input.Cost = 10; input.MinMarginPercent = 50; input.Ceiling = 12; break;
        }
        Assert.Equal(field, Refused(input).Field);
    }

    [Fact]
    public void Valid_sets_get_their_scope_id()
    {
        Assert.Equal("store", GuardrailValidation.Validate(new GuardrailInput { Scope = GuardrailScope.Store, MaxStepChangePercent = 5 }, _ => false, null).Id);
        Assert.Equal("category:Food > Dairy", GuardrailValidation.Validate(new GuardrailInput { Scope = GuardrailScope.Category, Target = " Food > Dairy " }, _ => false, null).Id);
    }
}
