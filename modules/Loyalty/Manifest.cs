using RetailCommerce.Modules;

[assembly: Module("loyalty", "Loyalty",
    Description = "Customer lifetime value (BG/NBD + Gamma-Gamma), churn risk, value segments and an event-sourced points program with tiers, campaigns and expiry.",
    Category = "Retention")]
