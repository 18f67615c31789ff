using RetailCommerce.Modules;

[assembly: Module("governance", "Governance",
    Description = "Consent per customer and purpose, data export and erasure on request, retention periods, the AI decision log with explanations, fairness checks and the store's AI disclosure.",
    Category = "Trust")]
