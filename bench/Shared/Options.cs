/// <summary>The <c>--name value</c> command line of the bench tools (bench/run passes it).</summary>
sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"unexpected argument {args[i]}");
            values[args[i][2..]] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        }
        return new Options(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);
    public long Long(string name, long fallback) => values.TryGetValue(name, out var v) ? long.Parse(v) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
