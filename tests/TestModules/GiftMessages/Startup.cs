using GraphQL;
using GraphQL.Types;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules;

namespace RetailCommerce.TestModules.GiftMessages;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureGraphQL(ModuleGraph graph) =>
        graph.StorefrontMutation(m => m.Field<NonNullGraphType<StringGraphType>>("previewGiftMessage")
            .Description("How a gift message will be printed.")
            .Argument<NonNullGraphType<StringGraphType>>("text", "The message.")
            .Resolve(c =>
            {
                var text = c.GetArgument<string>("text");
                if (text.Length > 140) throw new RetailError(ErrorCodes.BadUserInput, "text: at most 140 characters.", "text");
                return $"~ {text.Trim()} ~";
            }));
}
