using System.Text.Json;
using FluentValidation.Results;

namespace Commerce.Api.Http;

/// <summary>FastEndpoints' validation failures as a 400 <c>validation_failed</c> problem with snake_case field names.</summary>
internal static class ValidationProblems
{
    public static object Build(List<ValidationFailure> failures, HttpContext http, int status)
    {
        var errors = failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        return Problems.Create(http, status, "validation_failed", DetailOf(errors.Keys), errors);
    }

    /// <summary>The detail of every <c>validation_failed</c> problem: how many fields, and which.</summary>
    public static string DetailOf(IReadOnlyCollection<string> fields) =>
        $"The request has {fields.Count} invalid field(s): {string.Join(", ", fields)}.";

    /// <summary>A body that is well-formed JSON (the guard checked) but does not fit the request's types.</summary>
    public static ValidationFailure FromJsonException(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
        return new ValidationFailure(field, field == "body"
            ? "The body must be a JSON object with the documented fields."
            : $"{field} has the wrong type or is out of range.");
    }

    private static string FieldName(string property) =>
        string.Join('.', property.Split('.').Select(part => JsonNamingPolicy.SnakeCaseLower.ConvertName(part)));
}
