namespace RetailCommerce.Modules.Recommendations;

/// <summary>Dense 0..n-1 indices for the store's string ids, so the models work on arrays, not dictionaries.</summary>
internal sealed class IdMap
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    public int Count => _ids.Count;

    public string this[int index] => _ids[index];

    public IReadOnlyList<string> Ids => _ids;

    public int GetOrAdd(string id)
    {
        if (_index.TryGetValue(id, out var index)) return index;
        index = _ids.Count;
        _index.Add(id, index);
        _ids.Add(id);
        return index;
    }

    public int IndexOf(string? id) => id is not null && _index.TryGetValue(id, out var index) ? index : -1;
}
