namespace RetailCommerce.Modules.Assistant.Sources;

/// <summary>
/// Who a gift is for → the category words that suit them. A merchant-neutral starting point: the words are
/// matched against the store's own category names, so a store without e.g. "Toys" simply gets no toy filter.
/// </summary>
public static class GiftGuide
{
    /// <summary>Recipient word → its canonical group.</summary>
    public static readonly IReadOnlyDictionary<string, string> Recipients = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["mum"] = "her", ["mom"] = "her", ["mother"] = "her", ["wife"] = "her", ["girlfriend"] = "her", ["sister"] = "her", ["grandma"] = "her",
        ["grandmother"] = "her", ["her"] = "her", ["aunt"] = "her", ["woman"] = "her", ["women"] = "her",
        ["dad"] = "him", ["father"] = "him", ["husband"] = "him", ["boyfriend"] = "him", ["brother"] = "him", ["grandpa"] = "him",
        ["grandfather"] = "him", ["him"] = "him", ["uncle"] = "him", ["man"] = "him", ["men"] = "him",
        ["kid"] = "kids", ["kids"] = "kids", ["child"] = "kids", ["children"] = "kids", ["son"] = "kids", ["daughter"] = "kids",
        ["nephew"] = "kids", ["niece"] = "kids", ["toddler"] = "kids", ["grandson"] = "kids", ["granddaughter"] = "kids", ["boy"] = "kids", ["girl"] = "kids",
        ["teen"] = "teen", ["teenager"] = "teen",
        ["gamer"] = "gamer", ["cook"] = "cook", ["chef"] = "cook", ["baker"] = "cook", ["foodie"] = "cook",
        ["hiker"] = "outdoors", ["camper"] = "outdoors", ["runner"] = "sporty", ["cyclist"] = "sporty", ["athlete"] = "sporty",
        ["gardener"] = "gardener", ["colleague"] = "anyone", ["friend"] = "anyone", ["boss"] = "anyone", ["teacher"] = "anyone", ["neighbour"] = "anyone",
    };

    /// <summary>Group → category words that suit it (matched against category path words).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Categories = new Dictionary<string, string[]>
    {
        ["her"] = ["perfume", "scarve", "moisturiser", "bag", "watch", "towel", "cushion", "tableware"],
        ["him"] = ["watch", "headphone", "bag", "scarve", "perfume", "cutlery", "speaker"],
        ["kids"] = ["board", "puzzle", "building", "plush"],
        ["teen"] = ["headphone", "speaker", "board", "building", "bag"],
        ["gamer"] = ["keyboard", "mice", "mouse", "headphone", "monitor"],
        ["cook"] = ["cookware", "cutlery", "small", "tableware"],
        ["outdoors"] = ["tent", "backpack", "hiking"],
        ["sporty"] = ["yoga", "dumbbell", "helmet", "bike", "headphone"],
        ["gardener"] = ["hand", "tool", "garden"],
        ["anyone"] = ["perfume", "puzzle", "tableware", "speaker", "scarve", "towel", "board"],
    };

    /// <summary>Categories that make good gifts when the recipient is unknown.</summary>
    public static readonly string[] Giftable = ["cutlery", "small", "tableware", "cushion", "towel", "bag", "scarve", "watch", "headphone", "speaker",
        "keyboard", "board", "puzzle", "building", "plush", "moisturiser", "perfume"];

    /// <summary>The category words for a recipient ("dad" → watches, headphones…), or the generic gift list.</summary>
    public static string[] CategoryWordsFor(string? recipient) =>
        recipient is not null && Recipients.TryGetValue(recipient, out var group) ? Categories[group] : Giftable;
}
