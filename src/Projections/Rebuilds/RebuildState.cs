namespace Commerce.Projections.Rebuilds;

internal enum RebuildState { Running, Completed, Failed }
