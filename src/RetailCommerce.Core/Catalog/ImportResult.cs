namespace RetailCommerce.Catalog;

/// <summary>Outcome of a batch import: valid items are stored, each rejected one is reported by index.</summary>
public sealed record ImportResult(int Imported, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>Why the item at <paramref name="Index"/> of the batch was rejected.</summary>
public sealed record ImportError(int Index, string Message, string? Field);

/// <summary>Collects per-item validation problems; the first problem of an item rejects it.</summary>
public sealed class InputProblems
{
    private readonly List<ImportError> _errors = [];

    /// <summary>Problems found so far.</summary>
    public IReadOnlyList<ImportError> Errors => _errors;

    /// <summary>Records a problem with the item at <paramref name="index"/>.</summary>
    public void Add(int index, string field, string message) => _errors.Add(new ImportError(index, $"{field}: {message}", field));
}
