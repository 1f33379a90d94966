// PredictorConfig.cs - a predictor's config, as minimact_predictor_create
// takes it.

namespace Minimact
{
    /// <summary>A predictor's config. A null member takes the library's default.</summary>
    public sealed class PredictorConfig
    {
        /// <summary>The least confidence (0 to 1) a prediction needs to be returned.</summary>
        public double? MinConfidence { get; set; }
        /// <summary>The most patterns kept per state key.</summary>
        public long? MaxPatternsPerKey { get; set; }
        /// <summary>The most patterns kept in all.</summary>
        public long? MaxTotalPatterns { get; set; }
        /// <summary>The most memory the patterns may use, estimated, in bytes.</summary>
        public long? MaxMemoryBytes { get; set; }
        /// <summary>Which patterns a full predictor forgets.</summary>
        public EvictionPolicy? Eviction { get; set; }
        /// <summary>Whether a model answers for other instances of its component.</summary>
        public LendingMode? Lending { get; set; }
        /// <summary>The limits trees given to the predictor are validated with.</summary>
        public Limits Limits { get; set; }

        /// <summary>The config as the JSON object minimact_predictor_create takes.</summary>
        public string ToJson()
        {
            var w = new JsonWriter();
            w.Member("min_confidence", MinConfidence);
            w.Member("max_patterns_per_key", MaxPatternsPerKey);
            w.Member("max_total_patterns", MaxTotalPatterns);
            w.Member("max_memory_bytes", MaxMemoryBytes);
            if (Eviction.HasValue)
            {
                string[] names = { "lru", "least_observed", "oldest_first", "lowest_confidence" };
                w.Raw("eviction", "\"" + names[(int)Eviction.Value] + "\"");
            }
            if (Lending.HasValue)
            {
                string[] modes = { "shared", "page", "off" };
                w.Raw("lending", "\"" + modes[(int)Lending.Value] + "\"");
            }
            if (Limits != null)
            {
                w.Raw("limits", Limits.ToJson());
            }
            return w.Close();
        }
    }
}
