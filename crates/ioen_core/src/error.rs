//! The single error type of the core rules.
//!
//! Messages are whole sentences that name the offending values, because the
//! zomes pass them unchanged to users (as validation failures or call errors)
//! and tests assert them exactly.

use crate::ledger::InvoiceStatus;
use crate::profile::GenerationMethod;
use crate::time_order::SettlementStep;
use crate::units::format_ioen;

/// Why a core rule rejected its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CoreError {
    /// The cost of an amount of energy does not fit in [`crate::MicroIoen`].
    #[error(
        "The cost of {energy_wh} Wh at {price_per_kwh} micro-IOEN per kWh is too large to represent."
    )]
    AmountOverflow {
        /// The energy, in watt-hours.
        energy_wh: u64,
        /// The price, in micro-IOEN per kilowatt-hour.
        price_per_kwh: u64,
    },

    /// A network (DNA) property has a value the network cannot run with.
    #[error("The network property {name} is invalid: {reason}.")]
    InvalidProperty {
        /// The property's name as written in the DNA properties, e.g. `cycle_seconds`.
        name: String,
        /// Why, as a clause without a final full stop, e.g. "it must be at least 1; it is 0".
        reason: String,
    },

    /// A time lies before the first cycle of the network.
    #[error(
        "The time {t_micros} (microseconds since 1970) is before the first cycle, which starts at {epoch_ms} (milliseconds since 1970)."
    )]
    BeforeEpoch {
        /// The time, in microseconds since the Unix epoch.
        t_micros: i64,
        /// The start of cycle 0, in milliseconds since the Unix epoch.
        epoch_ms: i64,
    },

    /// An offer for a supply cycle was made, accepted or rejected outside the
    /// cycle before it.
    #[error("{}", outside_bidding_window(*.supply_cycle, *.current_cycle))]
    OutsideBiddingWindow {
        /// The cycle in which the energy is to be supplied.
        supply_cycle: u64,
        /// The cycle it is now, or `None` if cycles have not started yet.
        current_cycle: Option<u64>,
    },

    /// A postcode does not have the shape of the network's postcode format.
    #[error("'{postcode}' is not a valid postcode: expected {expected}.")]
    InvalidPostcode {
        /// The postcode as given.
        postcode: String,
        /// The expected shape, e.g. "4 digits (AU)".
        expected: String,
    },

    /// A string does not name a generation method.
    #[error(
        "'{method}' is not a generation method; use one of: {}.",
        GenerationMethod::names()
    )]
    UnknownMethod {
        /// The string as given (trimmed).
        method: String,
    },

    /// A household name breaks a naming rule.
    #[error("{reason}")]
    InvalidName {
        /// Which rule, as a whole sentence, e.g. "The name must not be empty.".
        reason: String,
    },

    /// A generation method appears twice in the same list of a profile.
    #[error(
        "The generation method {method} is listed more than once; list each method at most once."
    )]
    DuplicateMethod {
        /// The repeated method.
        method: GenerationMethod,
    },

    /// A profile neither produces nor accepts any energy.
    #[error("A household must produce or accept at least one generation method.")]
    NoRole,

    /// A text field is longer than allowed.
    #[error("The {field} must be at most {max} characters; it has {actual}.")]
    TooLong {
        /// The field, as users know it, e.g. "address".
        field: String,
        /// The maximum number of characters (Unicode scalar values).
        max: usize,
        /// The number of characters given.
        actual: usize,
    },

    /// A text field contains characters it must not contain.
    #[error("The {field} must not contain control characters.")]
    InvalidCharacters {
        /// The field, as users know it, e.g. "meter ID".
        field: String,
    },

    /// Someone other than the author tried to change an entry.
    #[error("Only its author may {action} a {what}.")]
    NotAuthor {
        /// The kind of entry, e.g. "profile".
        what: String,
        /// The attempted change, e.g. "update".
        action: String,
    },

    /// A profile was created too far into a source chain.
    #[error(
        "A profile must be created no later than action {max} of a source chain (this is action {action_seq})."
    )]
    ProfileTooLate {
        /// The `action_seq` of the profile's create action.
        action_seq: u32,
        /// The largest allowed `action_seq`, [`crate::MAX_PROFILE_ACTION_SEQ`].
        max: u32,
    },

    /// An agent tried to create a second profile.
    #[error("An agent can create only one profile; update the existing one instead.")]
    DuplicateProfile,

    /// An offer has no capacity.
    #[error("An offer must have a capacity of more than 0 Wh.")]
    ZeroCapacity,

    /// A price (a bid's price or an offer's reserve price) is 0 or above the
    /// network's maximum.
    #[error("A price must be between 1 and {max} micro-IOEN per kWh; it is {price}.")]
    PriceOutOfRange {
        /// The price given, in micro-IOEN per kWh.
        price: u64,
        /// The network's `max_price_per_kwh`.
        max: u64,
    },

    /// A producer offered a generation method its profile does not list.
    #[error(
        "This household does not list {method} among the methods it produces, so it cannot offer it."
    )]
    MethodNotProduced {
        /// The method offered.
        method: GenerationMethod,
    },

    /// A demand or bid is for no energy.
    #[error("A {what} must be for more than 0 Wh.")]
    ZeroEnergy {
        /// The kind of entry, e.g. "demand" or "bid".
        what: String,
    },

    /// A household that accepts no generation method tried to demand energy.
    #[error("This household accepts no generation method, so it cannot demand energy.")]
    AcceptsNothing,

    /// An agent declared a role (offer or demand) for a supply cycle that is
    /// not later than the cycle of its previous declaration.
    #[error("{}", role_already_declared(*.supply_cycle, *.previous_supply_cycle))]
    RoleAlreadyDeclared {
        /// The supply cycle of the new declaration.
        supply_cycle: u64,
        /// The supply cycle of the agent's previous declaration.
        previous_supply_cycle: u64,
    },

    /// A consumer bid to itself.
    #[error("A household cannot bid to itself.")]
    OwnBid,

    /// The producer produces no generation method the consumer accepts.
    #[error(
        "The producer's generation methods ({}) include none that the consumer accepts ({}).",
        method_list(.producer_methods),
        method_list(.accepted_methods)
    )]
    NoAcceptedMethod {
        /// The methods the producer produces.
        producer_methods: Vec<GenerationMethod>,
        /// The methods the consumer accepts.
        accepted_methods: Vec<GenerationMethod>,
    },

    /// The producer is outside the consumer's local area.
    #[error(
        "A producer in {producer_postcode} is not local to a consumer in {consumer_postcode}."
    )]
    NotLocal {
        /// The consumer's postcode.
        consumer_postcode: String,
        /// The producer's postcode.
        producer_postcode: String,
    },

    /// Someone other than the producer a bid was made to answered it.
    #[error("Only the producer a bid was made to can answer it.")]
    NotBidProducer,

    /// An answer joins an offer and a bid for different supply cycles.
    #[error(
        "The offer is for supply cycle {offer_cycle} but the bid is for supply cycle {bid_cycle}; they must be for the same cycle."
    )]
    CycleMismatch {
        /// The offer's supply cycle.
        offer_cycle: u64,
        /// The bid's supply cycle.
        bid_cycle: u64,
    },

    /// A contract is for no energy or for more than its bid.
    #[error(
        "A contract must be for more than 0 Wh and at most its bid's {bid_energy_wh} Wh; it is for {energy_wh} Wh."
    )]
    ContractEnergy {
        /// The contract's energy, in watt-hours.
        energy_wh: u64,
        /// The bid's energy, in watt-hours.
        bid_energy_wh: u64,
    },

    /// A contract's price differs from its bid's.
    #[error(
        "A contract must be at its bid's price of {bid_price} micro-IOEN per kWh; it is at {price} micro-IOEN per kWh."
    )]
    ContractPrice {
        /// The contract's price, in micro-IOEN per kWh.
        price: u64,
        /// The bid's price, in micro-IOEN per kWh.
        bid_price: u64,
    },

    /// A bid was accepted below the offer's reserve price.
    #[error(
        "The bid's price of {price} micro-IOEN per kWh is below the offer's reserve price of {reserve} micro-IOEN per kWh."
    )]
    BelowReserve {
        /// The bid's price, in micro-IOEN per kWh.
        price: u64,
        /// The offer's reserve price, in micro-IOEN per kWh.
        reserve: u64,
    },

    /// The consumer does not accept the offer's generation method.
    #[error("The consumer does not accept {method} energy, the generation method of this offer.")]
    MethodNotAccepted {
        /// The offer's method.
        method: GenerationMethod,
    },

    /// An answer's allocated total does not follow from the previous answer
    /// of its offer.
    #[error(
        "The allocated total of this answer must be {expected} Wh, following from the previous answer of its offer; it is {allocated} Wh."
    )]
    AllocationMismatch {
        /// The allocated total the answer carries, in watt-hours.
        allocated: u64,
        /// The previous total plus the answer's energy, in watt-hours.
        expected: u64,
    },

    /// The previous allocated total plus a contract's energy does not fit in
    /// a `u64`.
    #[error(
        "The allocated total of {previous_allocated_wh} Wh plus {energy_wh} Wh is too large to represent."
    )]
    AllocationOverflow {
        /// The previous answer's allocated total, in watt-hours.
        previous_allocated_wh: u64,
        /// The contract's energy, in watt-hours.
        energy_wh: u64,
    },

    /// A contract would allocate more than the offer's capacity.
    #[error("Accepting this bid would allocate {allocated} Wh of an offer of {capacity} Wh.")]
    OverCapacity {
        /// The allocated total after the contract, in watt-hours.
        allocated: u64,
        /// The offer's capacity, in watt-hours.
        capacity: u64,
    },

    /// A rejection gives no reason (or only whitespace).
    #[error("A rejection must give a reason.")]
    EmptyReason,

    /// Someone other than the consumer who made the bid confirmed its contract.
    #[error("Only the consumer who made the bid can confirm its contract.")]
    NotConsumer,

    /// A confirmation names a contract that answers a bid of another demand.
    #[error(
        "This contract answers a bid of another demand; a consumer can only confirm a contract for one of its own bids."
    )]
    ContractNotForDemand,

    /// A contract was confirmed after its supply cycle ended.
    #[error(
        "A contract for supply cycle {supply_cycle} can only be confirmed until that cycle ends; it is now cycle {current_cycle}."
    )]
    ConfirmationTooLate {
        /// The contract's supply cycle.
        supply_cycle: u64,
        /// The cycle the confirmation was authored in.
        current_cycle: u64,
    },

    /// A producer answered a bid a second time.
    #[error("This bid has already been answered; a bid gets one contract or one rejection.")]
    BidAlreadyAnswered,

    /// An answer does not name the latest answer of its offer as its previous one.
    #[error(
        "This answer does not follow the latest answer of its offer (the allocated total would fork)."
    )]
    AnswerForked,

    /// A consumer confirmed a second contract for one cycle.
    #[error("This household has already confirmed a contract for this cycle.")]
    AlreadyConfirmed,

    /// An invoice line names a contract its author did not make.
    #[error("Only the producer of a contract can invoice it.")]
    NotContractProducer,

    /// An invoice line names a contract with another consumer.
    #[error(
        "This contract is with another consumer; an invoice lists only contracts with its own consumer."
    )]
    ContractNotForConsumer,

    /// An invoice line names a contract its consumer did not confirm.
    #[error("Only a confirmed contract can be invoiced; the consumer has not confirmed this one.")]
    ContractNotConfirmed,

    /// An invoice line is for a supply cycle outside the invoice's billing period.
    #[error(
        "Supply cycle {supply_cycle} is not in billing period {period} of this invoice, which covers cycles {first_cycle} to {last_cycle}."
    )]
    LineOutsidePeriod {
        /// The contract's supply cycle.
        supply_cycle: u64,
        /// The invoice's billing period.
        period: u64,
        /// The first cycle of the billing period.
        first_cycle: u64,
        /// The last cycle (inclusive) of the billing period.
        last_cycle: u64,
    },

    /// An invoice line was written before its supply cycle ended.
    #[error("{}", delivery_too_early(*.supply_cycle, *.current_cycle))]
    DeliveryTooEarly {
        /// The contract's supply cycle.
        supply_cycle: u64,
        /// The cycle the line was written in, or `None` if cycles have not
        /// started yet.
        current_cycle: Option<u64>,
    },

    /// An invoice line delivers more than its contract.
    #[error(
        "The delivered energy of {delivered_wh} Wh is more than the {contracted_wh} Wh contracted."
    )]
    OverDelivery {
        /// The delivered energy, in watt-hours.
        delivered_wh: u64,
        /// The contract's energy, in watt-hours.
        contracted_wh: u64,
    },

    /// An invoice line's amount is not the cost of its delivered energy.
    #[error(
        "The amount of a line for {delivered_wh} Wh at {price_per_kwh} micro-IOEN per kWh must be {}; it is {}.",
        format_ioen(*.expected),
        format_ioen(*.amount)
    )]
    LineAmount {
        /// The delivered energy, in watt-hours.
        delivered_wh: u64,
        /// The contract's price, in micro-IOEN per kWh.
        price_per_kwh: u64,
        /// The line's amount, in micro-IOEN.
        amount: i64,
        /// The cost of the delivered energy, in micro-IOEN.
        expected: i64,
    },

    /// An invoice lists one contract on two lines.
    #[error(
        "Lines {first_line} and {second_line} of this invoice are for the same contract; an invoice lists each contract once."
    )]
    DuplicateLine {
        /// The earlier line, counting from 1.
        first_line: usize,
        /// The later line, counting from 1.
        second_line: usize,
    },

    /// An invoice has more lines than its billing period has cycles (rules I8, I15).
    #[error(
        "An invoice may list at most one line per cycle of its billing period, {max} in all; this one has {lines}."
    )]
    TooManyLines {
        /// The invoice's lines.
        lines: usize,
        /// The cycles of its billing period.
        max: usize,
    },

    /// An entry's encoding is larger than its type needs (rule I15).
    #[error("This {entry} takes {bytes} bytes; an entry of its type may take at most {max}.")]
    EntryTooLarge {
        /// The entry type, in words ("profile", "invoice").
        entry: &'static str,
        /// Its encoded size.
        bytes: usize,
        /// The limit for its type.
        max: usize,
    },

    /// An invoice's total is not the sum of its lines.
    #[error(
        "The invoice's total must be {}, the sum of its lines; it is {}.",
        format_ioen(*.expected),
        format_ioen(*.total)
    )]
    InvoiceTotalMismatch {
        /// The total the invoice carries, in micro-IOEN.
        total: i64,
        /// The sum of its line amounts, in micro-IOEN.
        expected: i64,
    },

    /// A sum of money does not fit in [`crate::MicroIoen`].
    #[error(
        "Adding {} to {} gives an amount too large to represent.",
        format_ioen(*.right),
        format_ioen(*.left)
    )]
    SumOverflow {
        /// The first term, in micro-IOEN.
        left: i64,
        /// The term added to it, in micro-IOEN.
        right: i64,
    },

    /// A difference of money does not fit in [`crate::MicroIoen`].
    #[error(
        "Subtracting {} from {} gives an amount too large to represent.",
        format_ioen(*.right),
        format_ioen(*.left)
    )]
    DifferenceOverflow {
        /// The amount subtracted from, in micro-IOEN.
        left: i64,
        /// The amount subtracted, in micro-IOEN.
        right: i64,
    },

    /// An invoice was issued or voided before its billing period ended.
    #[error("{}", invoice_too_early(*.period, *.current_period))]
    InvoiceTooEarly {
        /// The invoice's billing period.
        period: u64,
        /// The billing period it is now, or `None` if cycles have not
        /// started yet.
        current_period: Option<u64>,
    },

    /// An invoice without lines was issued.
    #[error(
        "The invoice for billing period {period} has no lines, so it is void and cannot be issued for payment."
    )]
    EmptyInvoice {
        /// The invoice's billing period.
        period: u64,
    },

    /// An invoice with lines was voided.
    #[error(
        "The invoice for billing period {period} has {}, so it must be issued, not voided.",
        count(*.line_count, "line")
    )]
    InvoiceNotEmpty {
        /// The invoice's billing period.
        period: u64,
        /// How many lines it has.
        line_count: usize,
    },

    /// An issued or void invoice was changed.
    #[error("This invoice is {} and can no longer be changed.", .status.as_str())]
    InvoiceFinal {
        /// The invoice's status before the change.
        status: InvoiceStatus,
    },

    /// A producer wrote an invoice to itself.
    #[error("A household cannot invoice itself.")]
    SelfInvoice,

    /// A new invoice is not open.
    #[error("A new invoice must be open; it is issued or voided later, by an update.")]
    NewInvoiceNotOpen,

    /// An invoice is opened for a billing period that has not come near.
    #[error("{}", invoice_too_soon(*.period, *.latest_period))]
    InvoiceTooSoon {
        /// The invoice's billing period.
        period: u64,
        /// The latest period an invoice may be opened for now (that of the
        /// next cycle), or `None` if cycles have not started yet.
        latest_period: Option<u64>,
    },

    /// A producer's invoice is for an earlier billing period than its
    /// previous invoice.
    #[error(
        "This invoice is for billing period {period}, but the producer's previous invoice is already for period {previous_period}; invoices are opened in period order."
    )]
    InvoicePeriodBackwards {
        /// The invoice's billing period.
        period: u64,
        /// The period of the author's previous invoice.
        previous_period: u64,
    },

    /// A second invoice for one consumer and billing period.
    #[error(
        "This producer already has an invoice for this consumer and billing period {period}; there is one invoice per consumer and period."
    )]
    DuplicateInvoice {
        /// The billing period.
        period: u64,
    },

    /// An invoice's previous invoice is not the author's latest.
    #[error("This invoice does not follow its producer's latest invoice (the invoice chain would fork).")]
    InvoiceChainForked,

    /// An update changes what an invoice already said.
    #[error(
        "An update of an invoice may only add lines and set its status; its consumer, period, previous invoice and earlier lines stay as they were."
    )]
    InvoiceRewritten,

    /// Two updates of one invoice version.
    #[error(
        "This invoice version was already updated; each update must follow the latest version."
    )]
    InvoiceVersionForked,

    /// A payment's payee is not the invoice's producer.
    #[error("A payment must be made to the invoice's producer.")]
    PayeeNotProducer,

    /// An account opens with money in it.
    #[error("An account opens at a balance of 0; this one opens at {}.", format_ioen(*.balance))]
    AccountNotEmpty {
        /// The opening balance, in micro-IOEN.
        balance: i64,
    },

    /// An account opened late in its chain.
    #[error(
        "An account must be opened no later than action {max} of a source chain (this is action {action_seq})."
    )]
    AccountTooLate {
        /// The `action_seq` of the account's create action.
        action_seq: u32,
        /// The largest allowed `action_seq`, [`crate::MAX_ACCOUNT_ACTION_SEQ`].
        max: u32,
    },

    /// A second account for one agent.
    #[error("This household already has an account; each has exactly one.")]
    SecondAccount,

    /// Someone other than the invoice's consumer paid it.
    #[error("Only the invoice's consumer can pay it.")]
    NotInvoiceConsumer,

    /// A payment names an invoice that is not issued.
    #[error("This invoice has not been issued, so it cannot be paid.")]
    InvoiceNotIssued,

    /// A payment's amount differs from the invoice's total.
    #[error(
        "A payment must be for exactly the invoice's total of {}; it is for {}.",
        format_ioen(*.total),
        format_ioen(*.amount)
    )]
    PaymentAmount {
        /// The payment's amount, in micro-IOEN.
        amount: i64,
        /// The invoice's total, in micro-IOEN.
        total: i64,
    },

    /// A payment or receipt is for a negative amount.
    #[error(
        "A payment or receipt must not be for a negative amount; it is for {}.",
        format_ioen(*.amount)
    )]
    NegativeAmount {
        /// The amount, in micro-IOEN.
        amount: i64,
    },

    /// A ledger entry's balance does not follow from the previous entry.
    #[error(
        "The balance after this entry must be {}, following from the previous ledger entry; it is {}.",
        format_ioen(*.expected),
        format_ioen(*.balance_after)
    )]
    BalanceMismatch {
        /// The balance the entry carries, in micro-IOEN.
        balance_after: i64,
        /// The previous balance minus (payment) or plus (receipt) the
        /// amount, in micro-IOEN.
        expected: i64,
    },

    /// A payment would take the payer's balance below the credit limit.
    #[error(
        "Paying {} would take the balance from {} to {}, below the credit limit of {}.",
        format_ioen(*.amount),
        format_ioen(*.previous_balance),
        format_ioen(*.balance_after),
        format_ioen(*.lowest_balance)
    )]
    CreditLimitExceeded {
        /// The payment's amount, in micro-IOEN.
        amount: i64,
        /// The payer's balance before the payment, in micro-IOEN.
        previous_balance: i64,
        /// The balance the payment would leave, in micro-IOEN.
        balance_after: i64,
        /// The lowest allowed balance, `−credit_limit`, in micro-IOEN.
        lowest_balance: i64,
    },

    /// Someone other than the payment's payee wrote its receipt.
    #[error("Only the payee of a payment can acknowledge it with a receipt.")]
    NotPayee,

    /// A receipt's amount differs from its payment's.
    #[error(
        "A receipt must be for exactly its payment's amount of {}; it is for {}.",
        format_ioen(*.payment_amount),
        format_ioen(*.amount)
    )]
    ReceiptAmount {
        /// The receipt's amount, in micro-IOEN.
        amount: i64,
        /// The payment's amount, in micro-IOEN.
        payment_amount: i64,
    },

    /// A consumer paid an invoice a second time.
    #[error("This invoice has already been paid; an invoice is paid once.")]
    AlreadyPaid,

    /// A producer acknowledged a payment a second time.
    #[error("This payment has already been acknowledged; a payment gets one receipt.")]
    AlreadyReceipted,

    /// A ledger entry does not name the latest ledger entry of its author as
    /// its previous one.
    #[error(
        "This ledger entry does not follow the latest ledger entry of its author (the balance would fork)."
    )]
    LedgerForked,

    /// A settlement step is dated before the record it builds on (rule I13).
    #[error(
        "{} is dated {early_by_seconds} s before {}; it cannot be older than that (time runs forward across households: is this computer's clock behind?).",
        .step.subject(),
        .step.basis()
    )]
    OlderThanBasis {
        /// Which step.
        step: SettlementStep,
        /// How much earlier than its basis it is dated, in whole seconds (rounded up).
        early_by_seconds: u64,
    },

    /// A settlement step is dated after the network's settlement window (rule I13).
    #[error(
        "{} is dated {late_by_seconds} s past the network's settlement window of {window_seconds} s after {}, so {}.",
        .step.subject(),
        .step.basis(),
        .step.too_late()
    )]
    SettlementTooLate {
        /// Which step.
        step: SettlementStep,
        /// How far past the window it is dated, in whole seconds (rounded up).
        late_by_seconds: u64,
        /// The window, in seconds (the `settlement_window_seconds` property).
        window_seconds: u32,
    },

    /// A [`crate::LedgerEvent`] names an account the ledger does not have.
    #[error("There is no account {account}; the ledger has {}.", count(*.accounts, "account"))]
    UnknownAccount {
        /// The account named.
        account: usize,
        /// How many accounts the ledger has.
        accounts: usize,
    },

    /// A [`crate::LedgerEvent`] names a payment the ledger does not have.
    #[error("There is no payment {payment}; the ledger has {}.", count(*.payments, "payment"))]
    UnknownPayment {
        /// The payment named.
        payment: usize,
        /// How many payments the ledger has.
        payments: usize,
    },

    /// A ledger entry carries another credit limit than the entry it follows (rule I14: the
    /// limit is the account's, from its invitation, and never changes).
    #[error(
        "This entry carries a credit limit of {}, but the ledger it continues has {}; the credit limit is the account's and never changes.",
        format_ioen(*.credit_limit),
        format_ioen(*.account_limit)
    )]
    CreditLimitChanged {
        /// The credit limit the entry carries, in micro-IOEN.
        credit_limit: i64,
        /// The credit limit of the entry it follows, in micro-IOEN.
        account_limit: i64,
    },

    /// An account's credit limit is not the one its owner joined with (rule I14).
    #[error(
        "This account has a credit limit of {}, but its owner joined with {}.",
        format_ioen(*.credit_limit),
        format_ioen(*.joined_with)
    )]
    AccountCreditLimit {
        /// The credit limit the account carries, in micro-IOEN.
        credit_limit: i64,
        /// The credit limit of the owner's invitation (or the network's), in micro-IOEN.
        joined_with: i64,
    },

    /// A membrane proof that is not an invitation (rule I14).
    #[error("This is not a valid invitation code: {reason}.")]
    MalformedInvitation {
        /// Why, as a clause without a final full stop.
        reason: String,
    },

    /// An agent joined a closed network without an invitation (rule I14).
    #[error(
        "This network is open to invited households only: ask one of its stewards for an invitation code for your agent key."
    )]
    InvitationMissing,

    /// A closed network whose properties name no steward: nobody can join it (rule I14).
    #[error(
        "This network names no stewards in its properties, so nobody can be invited into it: its organisers must name at least one steward (or set open_network)."
    )]
    NoStewards,

    /// An invitation for another agent key (rule I14).
    #[error("This invitation was made for another agent key; ask for one for your own key.")]
    InvitationForAnotherAgent,

    /// An invitation signed by a key the network does not name as a steward (rule I14).
    #[error("This invitation was not made by one of this network's stewards.")]
    InvitationStewardUnknown,

    /// An invitation whose signature does not verify (rule I14).
    #[error(
        "This invitation's signature does not verify: it was altered or not made by its steward."
    )]
    InvitationSignature,

    /// An invitation with a credit limit outside 0 to the network's (rule I14).
    #[error(
        "This invitation grants a credit limit of {}, but this network allows 0 to {}.",
        format_ioen(*.credit_limit),
        format_ioen(*.network_limit)
    )]
    InvitationCreditLimit {
        /// The invitation's credit limit, in micro-IOEN.
        credit_limit: i64,
        /// The network's credit limit, in micro-IOEN.
        network_limit: i64,
    },

    /// An invitation used after its expiry (rule I14).
    #[error(
        "This invitation expired at {expires_at_ms} (milliseconds since 1970) and was used at {joined_at_ms}; ask its steward for a new one."
    )]
    InvitationExpired {
        /// The invitation's expiry, in milliseconds since 1970.
        expires_at_ms: i64,
        /// When the agent joined, in milliseconds since 1970.
        joined_at_ms: i64,
    },
}

/// `n` things as "1 line" or "2 lines" (`noun` takes a plain "s").
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The message of [`CoreError::DeliveryTooEarly`], which depends on whether
/// cycles have started.
fn delivery_too_early(supply_cycle: u64, current_cycle: Option<u64>) -> String {
    let now = match current_cycle {
        Some(current) => format!("it is now cycle {current}"),
        None => "cycles have not started yet".to_string(),
    };
    format!("The delivery of supply cycle {supply_cycle} can only be invoiced after that cycle ends; {now}.")
}

/// The message of [`CoreError::InvoiceTooEarly`], which depends on whether
/// cycles have started.
/// The message of [`CoreError::InvoiceTooSoon`].
fn invoice_too_soon(period: u64, latest_period: Option<u64>) -> String {
    match latest_period {
        Some(latest) => format!(
            "An invoice for billing period {period} cannot be opened yet; the latest period an invoice can be opened for now is {latest}."
        ),
        None => format!(
            "An invoice for billing period {period} cannot be opened yet; cycles have not started."
        ),
    }
}

fn invoice_too_early(period: u64, current_period: Option<u64>) -> String {
    let now = match current_period {
        Some(current) => format!("it is now billing period {current}"),
        None => "cycles have not started yet".to_string(),
    };
    format!("The invoice for billing period {period} can only be issued or voided after that period ends; {now}.")
}

/// The message of [`CoreError::RoleAlreadyDeclared`], which depends on
/// whether the new declaration repeats the previous cycle or goes back.
fn role_already_declared(supply_cycle: u64, previous_supply_cycle: u64) -> String {
    if supply_cycle == previous_supply_cycle {
        format!(
            "This household already declared its role for supply cycle {supply_cycle} (an offer or a demand); one role per cycle."
        )
    } else {
        format!(
            "This household already declared its role for supply cycle {previous_supply_cycle} (an offer or a demand); a new declaration must be for a later cycle, not cycle {supply_cycle}."
        )
    }
}

/// Methods as "solar, wind", or "none" for an empty list.
fn method_list(methods: &[GenerationMethod]) -> String {
    if methods.is_empty() {
        "none".to_string()
    } else {
        methods
            .iter()
            .map(GenerationMethod::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The message of [`CoreError::OutsideBiddingWindow`], which depends on
/// whether a bidding cycle exists and whether cycles have started.
fn outside_bidding_window(supply_cycle: u64, current_cycle: Option<u64>) -> String {
    let Some(bidding_cycle) = supply_cycle.checked_sub(1) else {
        return "Supply cycle 0 can never be bid for, accepted or rejected, because no cycle comes before it.".to_string();
    };
    let now = match current_cycle {
        Some(current) => format!("it is now cycle {current}"),
        None => "cycles have not started yet".to_string(),
    };
    format!(
        "Supply cycle {supply_cycle} can only be bid for, accepted or rejected during cycle {bidding_cycle}; {now}."
    )
}

#[cfg(test)]
mod tests;
