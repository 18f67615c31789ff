using RetailCommerce.Modules;

[assembly: Module("assistant", "Shopping assistant",
    Description = "A grounded, honest shopping assistant: Semantic Kernel plugins over the catalog, orders, prices, loyalty and a merchant-edited knowledge base; an offline default (ML.NET intents, slots, guided selling) or any OpenAI-compatible endpoint; handover to a human with the transcript.",
    Category = "Engagement")]
