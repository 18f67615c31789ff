using RetailCommerce.Modules;

[assembly: Module("personalization", "Personalization",
    Description = "Segments (RFM, behavioural clusters, merchant rules, live session), personalized content slots, A/B/n experiments with Thompson-sampling bandits, and conversion-propensity / cart-abandonment prediction with recovery webhooks.",
    Category = "Merchandising")]
