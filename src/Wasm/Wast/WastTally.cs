namespace PluginHost.Wasm.Wast;

/// <summary>Counts a file's outcomes as its worker thread runs them; thread-safe so that a hung worker can be abandoned.</summary>
internal sealed class WastTally
{
    private readonly object _gate = new();
    private readonly string _path;
    private readonly List<WastFailure> _failures = new();
    private int _passed, _failed, _skipped, _done;
    private int _line;
    private string _command = "";
    private bool _abandoned;
    private int _started;

    /// <summary>Creates the tally of one file.</summary>
    public WastTally(string path) => _path = path;

    /// <summary>How many commands have been begun; a watchdog sees progress by its change.</summary>
    public int Started
    {
        get { lock (_gate) return _started; }
    }

    /// <summary>Notes the command about to run; false once the file has been abandoned.</summary>
    public bool Begin(int line, string command)
    {
        lock (_gate)
        {
            _started++;
            _line = line;
            _command = command;
            return !_abandoned;
        }
    }

    /// <summary>Records the outcome of the command begun last.</summary>
    public void End(CommandOutcome outcome)
    {
        lock (_gate)
        {
            if (_abandoned) return;
            _done++;
            switch (outcome.Status)
            {
                case CommandStatus.Passed: _passed++; break;
                case CommandStatus.Skipped: _skipped++; break;
                default:
                    _failed++;
                    _failures.Add(new WastFailure(_line, _command, outcome.Detail ?? "failed"));
                    break;
            }
        }
    }

    /// <summary>The result so far.</summary>
    public WastFileResult ToResult()
    {
        lock (_gate) return new WastFileResult(_path, _passed, _failed, _skipped, _failures.ToList());
    }

    /// <summary>Stops recording; the running command and every command not yet run count as failed.</summary>
    public WastFileResult Abandon(int totalCommands, string reason)
    {
        lock (_gate)
        {
            _abandoned = true;
            var notRun = totalCommands - _done;
            var failures = _failures.ToList();
            failures.Add(new WastFailure(_line, _command, $"{reason}; this and the {notRun - 1} commands after it count as failed"));
            return new WastFileResult(_path, _passed, _failed + notRun, _skipped, failures);
        }
    }
}
