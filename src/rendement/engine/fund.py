"""A fund over a portfolio of cases (method.md §16): who pays in, who gains, year by year.

Every member case is a prepared :class:`Structure` with a scale, a start year in the portfolio
and a price factor to the portfolio's price year. Its yearly flows come from the case engine
(``flows``) for ``n`` parameter rows at once, are scaled, re-priced, shifted to the member's
start and summed into parties: arrays of shape ``(n, Q, H)`` (draws, parties, years). The fund
rules, the balance and each party's NPV work on those arrays; nothing loops over draws, and
the point result is one row of the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rendement.engine.cofinance import CompensatingProposal, compensating_proposal
from rendement.engine.discount import discount_factors
from rendement.engine.flows import investment_flows, outcome_flows
from rendement.engine.parameters import FloatArray, Structure
from rendement.engine.results import membership
from rendement.model.case import cashable_by_kind

RULES = ("proportional", "fixed", "shared-savings")


@dataclass(frozen=True)
class MemberSpec:
    """One member case as the fund sees it."""

    structure: Structure
    scale: float
    start: int
    price_factor: float  # member price year -> portfolio price year
    party_of: tuple[int, ...]  # member stakeholder k -> party index

    @property
    def case_id(self) -> str:
        return self.structure.case.case.id

    def cashable(self) -> FloatArray:
        """1.0 for each monetised outcome that changes a budget (method.md §16), else 0.0."""
        case = self.structure.case
        by_id = {o.id: o for o in case.outcomes}
        flags = []
        for spec in self.structure.outcomes:
            given = by_id[spec.id].cashable
            kind = case.stakeholder(spec.stakeholder).kind
            flags.append(cashable_by_kind(kind) if given is None else given)
        return np.array(flags, dtype=np.float64)

    def years(self, horizon: int) -> int:
        """Years of this member inside a portfolio of ``horizon`` years."""
        own = self.structure.horizon
        room = horizon - self.start
        return max(0, room if own is None else min(own, room))


@dataclass(frozen=True)
class FundRule:
    rule: str  # proportional | fixed | shared-savings
    share: float = 0.0  # shared-savings
    shares: tuple[float, ...] = ()  # fixed: per party (0 for a party not named)
    seed: tuple[float, ...] = ()  # per party, paid in year 0


@dataclass(frozen=True)
class FundSpec:
    id: str
    title: str
    currency: str
    price_year: int
    discount_rate: float
    discounting: str
    horizon: int
    members: tuple[MemberSpec, ...]
    parties: tuple[str, ...]
    party_names: tuple[str, ...]
    party_kinds: tuple[str, ...]
    rule: FundRule


@dataclass(frozen=True)
class PartyFlows:
    """Nominal flows per draw, party and year, in the portfolio's price year; (n, Q, H)."""

    investment: FloatArray
    cashable: FloatArray
    non_cashable: FloatArray


def party_flows(spec: FundSpec, rows: list[FloatArray]) -> PartyFlows:
    """Sum every member's scaled, re-priced, shifted flows into parties; ``rows[i]`` is member
    ``i``'s parameter matrix (n, P_i)."""
    n = rows[0].shape[0] if rows else 1
    Q, H = len(spec.parties), spec.horizon
    investment = np.zeros((n, Q, H))
    cashable = np.zeros((n, Q, H))
    non_cashable = np.zeros((n, Q, H))
    for member, X in zip(spec.members, rows, strict=True):
        T = member.years(H)
        if T == 0:
            continue
        s = member.structure
        to_party = np.zeros((len(s.stakeholder_ids), Q))
        to_party[np.arange(len(s.stakeholder_ids)), list(member.party_of)] = 1.0
        factor = member.scale * member.price_factor
        window = slice(member.start, member.start + T)
        if s.outcomes:
            owner = membership([o.stakeholder for o in s.outcomes], s.stakeholder_ids) @ to_party
            flag = member.cashable()[:, None]
            # one matrix product splits every outcome into its party, cashable or not
            split = np.concatenate([owner * flag, owner * (1.0 - flag)], axis=1) * factor
            V = outcome_flows(s, X, T)  # (n, O, T)
            by_party = np.matmul(V.transpose(0, 2, 1), split).transpose(0, 2, 1)  # (n, 2Q, T)
            cashable[:, :, window] += by_party[:, :Q]
            non_cashable[:, :, window] += by_party[:, Q:]
        if s.investments:
            owner = membership([j.stakeholder for j in s.investments], s.stakeholder_ids)
            A = investment_flows(s, X, T)  # (n, J, T)
            to = owner @ to_party * factor
            investment[:, :, window] += np.matmul(A.transpose(0, 2, 1), to).transpose(0, 2, 1)
    return PartyFlows(investment, cashable, non_cashable)


@dataclass(frozen=True)
class FundArrays:
    """Everything the fund rules give, for ``n`` draws at once."""

    flows: PartyFlows
    contribution: FloatArray  # (n, Q, H) nominal
    costs: FloatArray  # (n, H) the programme costs the fund pays
    balance: FloatArray  # (n, H) F[t]
    discount_out: FloatArray  # (H,)
    discount_in: FloatArray  # (H,)
    npv: FloatArray  # (n, Q) discounted value − discounted contributions
    break_even: FloatArray  # (n, Q) first year, NaN when never
    bridging: FloatArray  # (n,) −min F, at least 0
    first_shortfall: FloatArray  # (n,) first year with F < 0, NaN when never


def _tolerance(costs: FloatArray) -> FloatArray:
    """A balance this close to 0 is 0: rounding must not open a shortfall (n, 1)."""
    tol: FloatArray = 1e-9 * np.maximum(costs.sum(axis=1, keepdims=True), 1.0)
    return tol


def contributions(spec: FundSpec, flows: PartyFlows) -> FloatArray:
    """method.md §16: what each party pays into the fund each year, nominal; (n, Q, H)."""
    rule = spec.rule
    costs = flows.investment.sum(axis=1)  # (n, H)
    H = flows.investment.shape[2]
    if rule.rule == "proportional":
        # shares by positive cashable PV (method.md §8), each year's costs split by them
        df_out, _ = discount_factors(np.array([spec.discount_rate]), H, spec.discounting)
        pv = np.maximum((flows.cashable * df_out[0]).sum(axis=2), 0.0)  # (n, Q)
        total = pv.sum(axis=1, keepdims=True)
        share = np.zeros_like(pv)
        np.divide(pv, total, out=share, where=total > 0)
        paid = share[:, :, None] * costs[:, None, :]
    elif rule.rule == "fixed":
        paid = np.array(rule.shares)[None, :, None] * costs[:, None, :]
    elif rule.rule == "shared-savings":
        paid = rule.share * np.maximum(flows.cashable, 0.0)
    else:
        raise ValueError(f"unknown fund rule {rule.rule!r}")
    paid = np.array(paid, dtype=np.float64, copy=True)
    if rule.seed and H:
        paid[:, :, 0] += np.array(rule.seed)[None, :]
    return paid


def break_even_years(net: FloatArray, contribution: FloatArray) -> FloatArray:
    """method.md §16: the first year whose cumulative discounted net is ≥ 0, counting from the
    first year the party has paid anything in (as payback counts from the first investment,
    §5); a party that never pays in counts from year 0. NaN when never; ``net`` (n, Q, H)."""
    cum = np.cumsum(net, axis=2)
    paid = np.cumsum(contribution, axis=2) > 0
    counting = paid | ~paid[:, :, -1:]  # never paid: every year counts
    tol = 1e-9 * np.maximum(np.abs(net).sum(axis=2, keepdims=True), 1.0)
    hit = counting & (cum >= -tol)
    first = np.argmax(hit, axis=2).astype(np.float64)
    result: FloatArray = np.where(hit.any(axis=2), first, np.nan)
    return result


def fund_arrays(spec: FundSpec, flows: PartyFlows) -> FundArrays:
    """Contributions, fund balance, shortfall, bridging capital and per-party NPV."""
    H = flows.investment.shape[2]
    paid = contributions(spec, flows)
    costs = flows.investment.sum(axis=1)
    # method.md §16: all fund flows are nominal; F[t] = F[t−1] + contributions[t] − costs[t]
    balance = np.cumsum(paid.sum(axis=1) - costs, axis=1)
    tol = _tolerance(costs)
    short = balance < -tol
    first = np.where(short.any(axis=1), np.argmax(short, axis=1).astype(np.float64), np.nan)
    bridging = np.where(short.any(axis=1), -balance.min(axis=1, initial=0.0), 0.0)
    df_out, df_in = discount_factors(np.array([spec.discount_rate]), H, spec.discounting)
    value = flows.cashable + flows.non_cashable
    # the fund replaces the members' own investments: a party's net is value − contributions
    net = value * df_out[0] - paid * df_in[0]
    return FundArrays(
        flows=flows,
        contribution=paid,
        costs=costs,
        balance=balance,
        discount_out=df_out[0],
        discount_in=df_in[0],
        npv=net.sum(axis=2),
        break_even=break_even_years(net, paid),
        bridging=bridging,
        first_shortfall=first,
    )


# ---- the readable point result ------------------------------------------------------------


@dataclass(frozen=True)
class PartyYear:
    t: int
    investment: float  # nominal, the budget view
    cashable: float
    non_cashable: float
    contribution: float
    investment_pv: float  # discounted, the welfare view
    cashable_pv: float
    non_cashable_pv: float
    contribution_pv: float


@dataclass(frozen=True)
class PartyRow:
    party: str
    name: str
    kind: str
    by_year: tuple[PartyYear, ...]
    investment: float  # discounted totals
    cashable: float
    non_cashable: float
    contribution: float
    npv: float
    break_even_year: int | None
    p_net_nonnegative: float | None = None  # with draws


@dataclass(frozen=True)
class FundYear:
    t: int
    costs: float
    contributions: float
    balance: float


@dataclass(frozen=True)
class Quantiles:
    mean: float
    p5: float
    p50: float
    p95: float


@dataclass(frozen=True)
class PartyRisk:
    party: str
    npv: Quantiles
    p_net_nonnegative: float


@dataclass(frozen=True)
class FundSimulation:
    draws: int
    seed: int
    bridging_capital: Quantiles
    p_shortfall: float  # share of draws in which the fund runs dry in some year
    parties: tuple[PartyRisk, ...]


@dataclass(frozen=True)
class FundResult:
    id: str
    title: str
    currency: str
    price_year: int
    discount_rate: float
    discounting: str
    horizon: int
    rule: FundRule
    members: tuple[tuple[str, float, int], ...]  # (case id, scale, start)
    parties: tuple[PartyRow, ...]
    years: tuple[FundYear, ...]
    first_shortfall_year: int | None
    bridging_capital: float
    compensating: CompensatingProposal
    simulation: FundSimulation | None = None

    @property
    def fund_balance(self) -> tuple[float, ...]:
        return tuple(y.balance for y in self.years)


def point_rows(spec: FundSpec) -> list[FloatArray]:
    return [m.structure.base_row() for m in spec.members]


def fund_result(spec: FundSpec, simulation: FundSimulation | None = None) -> FundResult:
    """The fund at the members' point values (one row through the same code)."""
    arrays = fund_arrays(spec, party_flows(spec, point_rows(spec)))
    f = arrays.flows
    df_out, df_in = arrays.discount_out, arrays.discount_in
    risk = {} if simulation is None else {r.party: r.p_net_nonnegative for r in simulation.parties}
    parties = []
    for q, party in enumerate(spec.parties):
        years = tuple(
            PartyYear(
                t=t,
                investment=float(f.investment[0, q, t]),
                cashable=float(f.cashable[0, q, t]),
                non_cashable=float(f.non_cashable[0, q, t]),
                contribution=float(arrays.contribution[0, q, t]),
                investment_pv=float(f.investment[0, q, t] * df_in[t]),
                cashable_pv=float(f.cashable[0, q, t] * df_out[t]),
                non_cashable_pv=float(f.non_cashable[0, q, t] * df_out[t]),
                contribution_pv=float(arrays.contribution[0, q, t] * df_in[t]),
            )
            for t in range(spec.horizon)
        )
        be = arrays.break_even[0, q]
        parties.append(
            PartyRow(
                party=party,
                name=spec.party_names[q],
                kind=spec.party_kinds[q],
                by_year=years,
                investment=sum(y.investment_pv for y in years),
                cashable=sum(y.cashable_pv for y in years),
                non_cashable=sum(y.non_cashable_pv for y in years),
                contribution=sum(y.contribution_pv for y in years),
                npv=float(arrays.npv[0, q]),
                break_even_year=None if np.isnan(be) else int(be),
                p_net_nonnegative=risk.get(party),
            )
        )
    fund_years = tuple(
        FundYear(
            t=t,
            costs=float(arrays.costs[0, t]),
            contributions=float(arrays.contribution[0, :, t].sum()),
            balance=float(arrays.balance[0, t]),
        )
        for t in range(spec.horizon)
    )
    first = arrays.first_shortfall[0]
    # method.md §8 at portfolio level: discounted value and current investment per party
    compensating = compensating_proposal(
        spec.parties,
        spec.party_names,
        spec.party_kinds,
        np.array([p.investment for p in parties]),
        np.array([p.cashable + p.non_cashable for p in parties]),
    )
    return FundResult(
        id=spec.id,
        title=spec.title,
        currency=spec.currency,
        price_year=spec.price_year,
        discount_rate=spec.discount_rate,
        discounting=spec.discounting,
        horizon=spec.horizon,
        rule=spec.rule,
        members=tuple((m.case_id, m.scale, m.start) for m in spec.members),
        parties=tuple(parties),
        years=fund_years,
        first_shortfall_year=None if np.isnan(first) else int(first),
        bridging_capital=float(arrays.bridging[0]),
        compensating=compensating,
        simulation=simulation,
    )
