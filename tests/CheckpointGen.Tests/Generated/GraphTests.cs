using TorchSharp;
using Xunit;
using CheckpointGen.Tests.Tensors;

namespace CheckpointGen.Tests.Generated;

/// <summary>Object graphs through generated code: inheritance, sharing, cycles, in-place restores, generics, nesting, modules.</summary>
public class GraphTests
{
    [Fact]
    public void Inheritance_restores_every_level_and_calls_the_restored_hook_once()
    {
        var source = new ReplayStrategy { Size = 64 };
        source.Learn();
        source.Learn();
        var target = new ReplayStrategy();

        var report = RoundTrip.Into(source, target);

        Assert.Equal(2, target.Experiences);
        Assert.Equal(64, target.Size);
        Assert.Equal(1, target.RestoredCalls);
        Assert.Empty(report.MissingKeys);
    }

    [Fact]
    public void Shared_references_stay_shared_and_cycles_terminate()
    {
        var a = new ReplayNode(1);
        var b = new ReplayNode(2) { Next = a };
        a.Next = b;
        var source = new ReplayStrategy { Head = a, Other = b };
        var target = new ReplayStrategy();

        RoundTrip.Into(source, target);

        Assert.Equal(1, target.Head!.Value);
        Assert.Same(target.Other, target.Head.Next);
        Assert.Same(target.Head, target.Other!.Next);
    }

    [Fact]
    public void A_readonly_collection_is_restored_in_place_and_get_only_and_init_properties_are_restored()
    {
        var source = new ReplayStrategy(created: 5, owner: "alice");
        source.Log.AddRange(["a", "b"]);
        var target = new ReplayStrategy();
        var heldElsewhere = target.Log;
        heldElsewhere.Add("stale");

        RoundTrip.Into(source, target);

        Assert.Same(heldElsewhere, target.Log);
        Assert.Equal(["a", "b"], target.Log);
        Assert.Equal(5, target.Created);
        Assert.Equal("alice", target.Owner);
    }

    [Fact]
    public void A_polymorphic_member_is_restored_into_its_existing_instance()
    {
        var source = new ReplayStrategy { Plugin = new CountingPlugin { Calls = 3 } };
        var existing = new CountingPlugin();
        var target = new ReplayStrategy { Plugin = existing };

        RoundTrip.Into(source, target);

        Assert.Same(existing, target.Plugin);
        Assert.Equal(3, existing.Calls);
    }

    [Fact]
    public void A_polymorphic_member_that_is_null_on_restore_is_a_clear_mismatch()
    {
        var source = new ReplayStrategy { Plugin = new CountingPlugin { Calls = 3 } };
        var error = Assert.Throws<CheckpointMismatchException>(() => RoundTrip.Into(source, new ReplayStrategy()));
        Assert.Contains("CountingPlugin", error.Message);
    }

    [Fact]
    public void Generic_types_and_nested_types_round_trip_and_missing_objects_are_created_by_the_factory()
    {
        var source = new Series<Container.Inner> { Capacity = 2, Items = [new() { Label = "x" }, new() { Label = "y" }] };
        var target = new Series<Container.Inner>();

        RoundTrip.Into(source, target);

        Assert.Equal(2, target.Capacity);
        Assert.Equal(["x", "y"], target.Items.Select(i => i.Label));
    }

    [Fact]
    public void A_growing_module_rebuilds_its_structure_before_its_parameters_are_restored()
    {
        torch.manual_seed(1);
        var source = new GrowingClassifier();
        source.AddClass();
        source.AddClass();
        source.Fisher.copy_(Ranges.Of(3, torch.float32)); // registered as a buffer: changed in place, as training does
        source.Generator.manual_seed(123);
        source.Random.Next();
        var target = new GrowingClassifier();
        var fisherBefore = target.Fisher;

        RoundTrip.Into(source, target);

        Assert.Equal(2, target.Classes);
        Assert.Equal(1, target.StructureRebuilds);
        Assert.Equal(2, target.Heads.Count);
        foreach (var (name, parameter) in source.named_parameters())
        {
            var restored = target.named_parameters().Single(p => p.name == name).parameter;
            Assert.True(parameter.Equals(restored), $"parameter {name} differs");
        }
        Assert.Same(fisherBefore, target.Fisher);
        Assert.True(source.Fisher.Equals(target.Fisher));
        Assert.Equal(source.Random.Next(), target.Random.Next());
        Assert.True(torch.randn(4, generator: source.Generator).Equals(torch.randn(4, generator: target.Generator)));
    }
}
