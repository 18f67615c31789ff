using System.Text;

namespace RetailCommerce.Modules.Search.Bench;

/// <summary>Minimal RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes); the datasets need nothing more.</summary>
public static class Csv
{
    /// <summary>Reads all records of a file; the first record is the header.</summary>
    public static List<string[]> Read(string path, char separator = ',')
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else field.Append(c);
                continue;
            }

            if (c == '"' && field.Length == 0) inQuotes = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString()); field.Clear();
                rows.Add(fields.ToArray()); fields.Clear();
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); rows.Add(fields.ToArray()); }
        return rows;
    }

    /// <summary>Reads records as dictionaries keyed by header name.</summary>
    public static IEnumerable<Dictionary<string, string>> ReadRecords(string path, char separator = ',')
    {
        var rows = Read(path, separator);
        if (rows.Count == 0) yield break;
        var header = rows[0].Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        foreach (var row in rows.Skip(1))
        {
            if (row.Length == 1 && row[0].Length == 0) continue;
            var record = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) record[header[i]] = i < row.Length ? row[i] : "";
            yield return record;
        }
    }
}
