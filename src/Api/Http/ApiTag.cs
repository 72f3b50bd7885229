namespace Commerce.Api.Http;

/// <summary>
/// Describes a tag of the OpenAPI document (the group of routes a reference page and a generated client show). A
/// context declares its own in its registration file (<c>[assembly: ApiTag("Inventory", "...")]</c> atop
/// <c>InventoryContext.cs</c>), so it edits no shared list; a tag without one fails the OpenAPI lint test.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class ApiTagAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
}
