using Emitter.Generator.Resilience;

namespace Emitter.Tests.Resilience;

public class WriteTimeoutBudgetTests
{
    private static readonly Exception Timeout = new TimeoutException("statement timeout");
    private static readonly Exception Refused = new IOException("connection refused");

    private static bool IsTimeout(Exception e) => e is TimeoutException;

    [Fact]
    public void A_batch_that_keeps_timing_out_is_retried_until_its_last_allowed_timeout_then_failed()
    {
        var budget = RetryPolicies.WriteTimeouts();
        var retried = new List<bool>();

        for (var attempt = 0; attempt < budget.Attempts + 1; attempt++)
        {
            retried.Add(budget.Transience(sequence: 7, _ => true, IsTimeout)(Timeout));
            budget.Ended(timedOut: true);
        }

        Assert.Equal(3, budget.Attempts);
        Assert.Equal([true, true, false, false], retried);
    }

    [Fact]
    public void Only_timeouts_spend_the_budget_and_a_new_batch_starts_afresh()
    {
        var budget = RetryPolicies.WriteTimeouts();
        for (var i = 0; i < budget.Attempts - 1; i++)
        {
            budget.Transience(1, _ => true, IsTimeout);
            budget.Ended(timedOut: true);
        }

        var lastTry = budget.Transience(1, _ => true, IsTimeout);
        Assert.False(lastTry(Timeout));
        Assert.True(lastTry(Refused)); // any other transient failure is still retried
        Assert.False(budget.Transience(1, _ => false, IsTimeout)(Refused)); // and a permanent one never is

        Assert.True(budget.Transience(2, _ => true, IsTimeout)(Timeout));
    }
}
