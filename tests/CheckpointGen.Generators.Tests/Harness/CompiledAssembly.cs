using System.Reflection;
using System.Runtime.Loader;

namespace CheckpointGen.Generators.Tests.Harness;

/// <summary>
/// Source compiled with the generator and loaded into its own collectible load context, so two
/// versions of a type with the same full name can live in one test (it shares CheckpointGen with the test).
/// </summary>
internal sealed class CompiledAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Assembly _assembly;

    public CompiledAssembly(string assemblyName, string source)
    {
        var (output, _) = TestCompilation.Run(TestCompilation.CreateAssembly(assemblyName, source));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        _context = new AssemblyLoadContext(assemblyName, isCollectible: true);
        _assembly = _context.LoadFromStream(image);
    }

    public object Create(string typeName) => Activator.CreateInstance(_assembly.GetType(typeName, throwOnError: true)!, nonPublic: true)!;

    /// <summary>Calls a public static method of the compiled code.</summary>
    public object? Call(string typeName, string method, params object?[] arguments) =>
        _assembly.GetType(typeName, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments);

    public static void Set(object target, string field, object? value) => FieldOf(target, field).SetValue(target, value);

    public static object? Get(object target, string field) => FieldOf(target, field).GetValue(target);

    private static FieldInfo FieldOf(object target, string field) =>
        target.GetType().GetField(field, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) ?? throw new MissingFieldException(target.GetType().Name, field);

    public void Dispose() => _context.Unload();
}
