// Enums.cs - the enumerations of the C# API that the schema does not drive
// (ErrorCode is generated from schema/codes.go).

namespace Minimact
{
    /// <summary>Log levels of the library's event ring.</summary>
    public enum LogLevel : uint
    {
        /// <summary>Everything, including per-call detail.</summary>
        Trace = 0,
        /// <summary>Detail useful when debugging.</summary>
        Debug = 1,
        /// <summary>Normal operation (the default).</summary>
        Info = 2,
        /// <summary>Something was refused or looks wrong.</summary>
        Warn = 3,
        /// <summary>Failures, including recovered internal faults.</summary>
        Error = 4,
    }

    /// <summary>How a full predictor chooses the patterns it forgets.</summary>
    public enum EvictionPolicy
    {
        /// <summary>The least recently used patterns.</summary>
        Lru,
        /// <summary>The patterns seen the fewest times.</summary>
        LeastObserved,
        /// <summary>The patterns learned first.</summary>
        OldestFirst,
        /// <summary>The patterns with the lowest confidence.</summary>
        LowestConfidence,
    }

    /// <summary>Whether a model answers for other instances of its component (docs/predictor.md, Lending).</summary>
    public enum LendingMode
    {
        /// <summary>It lends; a lent prediction may show the words two other instances' pages showed (the default).</summary>
        Shared,
        /// <summary>It lends only predictions every word of which is on the borrower's page or in its state.</summary>
        Page,
        /// <summary>It never lends: each instance is answered by its own model only.</summary>
        Off,
    }
}
