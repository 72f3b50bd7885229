using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>The rules of a customer's stream; each use case's file adds its <c>Decide</c> overload.</summary>
public static partial class CustomerDecisions
{
    private static Decision NotFound(string customerId) =>
        Decision.Reject(ErrorKind.NotFound, "not_found", $"Customer {customerId} does not exist.");

    private static Decision Archived(Customer customer) => customer.MergedInto is { } survivor
        ? Decision.Reject(ErrorKind.Conflict, "customer_merged", $"Customer {customer.Id} was merged into customer {survivor}; change that one.")
        : Decision.Reject(ErrorKind.Conflict, "customer_archived", $"Customer {customer.Id} is archived; it can no longer be changed.");

    /// <summary>Archived or merged into another: read-only from then on.</summary>
    private static bool Closed(Customer customer) => customer.Archived || customer.MergedInto is not null;

    private static Decision Rejected(DomainError error) => new([], error);

    /// <summary>
    /// A person's tax id is a CPF and a company's a CNPJ, checked on the record as a change leaves it (a type or a tax
    /// id changed alone must not leave a PJ with a CPF).
    /// </summary>
    private static DomainError? TaxIdOfAnotherKind(CustomerDetails details) => details.TaxId is { } taxId
        && TaxIds.KindOf(taxId) != (details.Kind == CustomerKind.Company ? TaxIds.Cnpj : TaxIds.Cpf)
            ? new(ErrorKind.Invalid, "tax_id_kind_mismatch", details.Kind == CustomerKind.Company
                ? $"A company (PJ) has a CNPJ, not the CPF {TaxIds.Format(taxId)}: send its cnpj with type PJ."
                : $"A person (PF) has a CPF, not the CNPJ {TaxIds.Format(taxId)}: send its cpf with type PF.")
            : null;
}
