using Weasel.Core;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// Once a node has applied the schema, the next one finds nothing to change: a trigger or an index that Weasel cannot
/// match with PostgreSQL's own rendering of it would be recreated at every start (a count trigger's recount, under lock).
/// </summary>
public class SchemaAtRestTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task an_applied_schema_has_nothing_left_to_change()
    {
        var migration = await Store.Storage.Database.CreateMigrationAsync();

        Assert.Equal([], migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None)
            .Select(d => $"{d.SchemaObject.Identifier}: {d.Difference}").ToArray());
    }
}
