using System.Globalization;

namespace Ideogram.Sdk.Routing;

/// <summary>
/// Keeps a router's spending against its <see cref="CostBudget"/>: what was spent within the rolling period, and what
/// calls in flight have reserved. A call reserves its estimate's maximum before anything is sent; when it ends, the
/// reservation becomes what it cost (reported, else the maximum), or nothing when it provably did not run.
/// </summary>
internal sealed class BudgetLedger(CostBudget budget, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, decimal Usd)> _spent = new();
    private decimal _spentTotal;
    private decimal _reserved;

    /// <summary>Reserves <paramref name="maxUsd"/>, or refuses the call when the budget would be passed.</summary>
    /// <exception cref="IdeogramBudgetExceededException">Spent + reserved + <paramref name="maxUsd"/> is over the limit.</exception>
    public Reservation Reserve(decimal maxUsd, IdeogramProvider provider)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Prune(now);
            if (_spentTotal + _reserved + maxUsd > budget.Usd)
            {
                var status = new BudgetStatus(budget.Usd, budget.Period, _spentTotal, _reserved);
                throw new IdeogramBudgetExceededException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"The budget of ${budget.Usd} per {budget.Period} would be passed: ${_spentTotal} spent and ${_reserved} reserved in the period, and this {provider} request may cost up to ${maxUsd}. Nothing was sent."),
                    new ProviderErrorDetails(provider, null, ErrorCode: "budget_exceeded", RetryAfter: WhenFits(maxUsd, now)))
                {
                    Submission = SubmissionState.NotSent,
                    Status = status,
                    RequestMaxUsd = maxUsd,
                };
            }

            _reserved += maxUsd;
            return new Reservation(this, maxUsd);
        }
    }

    public BudgetStatus Status()
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            return new BudgetStatus(budget.Usd, budget.Period, _spentTotal, _reserved);
        }
    }

    private void Settle(decimal reserved, decimal spent)
    {
        lock (_gate)
        {
            _reserved -= reserved;
            if (spent > 0)
            {
                _spent.Enqueue((time.GetUtcNow(), spent));
                _spentTotal += spent;
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_spent.TryPeek(out var oldest) && oldest.At <= now - budget.Period)
        {
            _spentTotal -= _spent.Dequeue().Usd;
        }
    }

    /// <summary>How long until enough spending leaves the period for <paramref name="maxUsd"/> to fit; <see langword="null"/> when reservations alone prevent it.</summary>
    private TimeSpan? WhenFits(decimal maxUsd, DateTimeOffset now)
    {
        var total = _spentTotal;
        foreach (var (at, usd) in _spent)
        {
            total -= usd;
            if (total + _reserved + maxUsd <= budget.Usd)
            {
                var wait = at + budget.Period - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    /// <summary>One call's reservation; ended once, by <see cref="Spend"/> or <see cref="Release"/>.</summary>
    internal sealed class Reservation(BudgetLedger ledger, decimal maxUsd)
    {
        private int _ended;

        public decimal MaxUsd => maxUsd;

        /// <summary>The call cost <paramref name="usd"/> (reported, or the reserved maximum when unknown).</summary>
        public void Spend(decimal usd)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                ledger.Settle(maxUsd, usd);
            }
        }

        /// <summary>The call provably did not run: nothing was spent.</summary>
        public void Release() => Spend(0);
    }
}
