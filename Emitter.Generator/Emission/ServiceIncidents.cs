using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// The incidents one service is in: its rate multiplier at each moment, the message each entry
/// draws (the incident's own family for a share of the window, precursors before, recovery
/// after) and the ground truth counts the summary reports. Where incidents overlap, rates
/// multiply and the first listed incident whose window holds the entry picks its message.
/// Not thread-safe: one per emitter.
/// </summary>
public sealed class ServiceIncidents
{
    private readonly (int Number, IncidentConfig Config, LevelPicker Levels)[] _incidents;
    private readonly IncidentFamilies _families;
    private readonly string _service;

    /// <summary>Per incident (in config order, all of them): entries in the window by level, and family messages by phase.</summary>
    private readonly long[,] _windowByLevel;
    private readonly long[,] _familyByPhase;

    public ServiceIncidents(string service, IReadOnlyList<IncidentConfig> all, IncidentFamilies families)
    {
        _incidents = [.. all.Select((incident, number) => (number, incident, new LevelPicker(incident.LevelWeights)))
            .Where(i => i.incident.Services.Contains(service))];
        _families = families;
        _service = service;
        _windowByLevel = new long[all.Count, LogLevels.Count];
        _familyByPhase = new long[all.Count, 3];
    }

    public bool Any => _incidents.Length > 0;

    public double RateMultiplier(double seconds)
    {
        var multiplier = 1.0;
        foreach (var (_, incident, _) in _incidents)
        {
            if (seconds >= incident.StartSecs && seconds < incident.EndSecs) multiplier *= incident.RateMultiplier;
        }
        return multiplier;
    }

    /// <summary>The message of the entry due at <paramref name="seconds"/>: an incident's, or the service's usual draw.</summary>
    public PoolMessage Draw(double seconds, ServiceSequence sequence)
    {
        (int Number, IncidentConfig Config, LevelPicker Levels, IncidentPhase Phase)? chosen = null;
        foreach (var (number, incident, levels) in _incidents)
        {
            var phase = PhaseAt(incident, seconds);
            if (phase is null) continue;
            if (phase == IncidentPhase.Incident && chosen?.Phase != IncidentPhase.Incident) chosen = (number, incident, levels, IncidentPhase.Incident);
            chosen ??= (number, incident, levels, phase.Value);
        }

        PoolMessage message;
        if (chosen is not { } c)
        {
            message = sequence.NextMessage();
        }
        else
        {
            var share = c.Phase == IncidentPhase.Incident ? c.Config.FamilyShare : c.Config.SideShare;
            if (sequence.NextUnit() < share)
            {
                message = sequence.Pick(_families.For(_service, c.Config.Kind, c.Phase));
                _familyByPhase[c.Number, (int)c.Phase]++;
            }
            else
            {
                message = c.Phase == IncidentPhase.Incident ? sequence.NextMessage(c.Levels) : sequence.NextMessage();
            }
        }

        foreach (var (number, incident, _) in _incidents)
        {
            if (seconds >= incident.StartSecs && seconds < incident.EndSecs) _windowByLevel[number, (int)message.Level]++;
        }
        return message;
    }

    public long InWindow(int incident, LogLevel level) => Volatile.Read(ref _windowByLevel[incident, (int)level]);

    public long FamilyEntries(int incident, IncidentPhase phase) => Volatile.Read(ref _familyByPhase[incident, (int)phase]);

    private static IncidentPhase? PhaseAt(IncidentConfig incident, double seconds) =>
        seconds >= incident.StartSecs - incident.PrecursorSecs && seconds < incident.StartSecs ? IncidentPhase.Precursor
        : seconds >= incident.StartSecs && seconds < incident.EndSecs ? IncidentPhase.Incident
        : seconds >= incident.EndSecs && seconds < incident.EndSecs + incident.RecoverySecs ? IncidentPhase.Recovery
        : null;
}
