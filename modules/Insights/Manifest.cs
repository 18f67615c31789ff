using RetailCommerce.Modules;

[assembly: Module("insights", "Insights",
    Description = "The shop's KPIs from its own event stream: sessions, conversion funnel, cart abandonment, revenue, average order value, top products and top searches, per day.",
    Category = "Analytics")]
