import CFieldKernel

/// Which Montgomery multiplication kernel this process runs: MULX/ADCX/ADOX
/// on x86-64 CPUs with BMI2 and ADX, portable C otherwise (or when the
/// environment sets FK_PORTABLE=1 before start).
public enum FieldKernel {
    /// "adx" or "portable".
    public static var name: String { fk_uses_adx_kernel() == 1 ? "adx" : "portable" }
}
