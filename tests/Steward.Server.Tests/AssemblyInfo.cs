using Steward.Server.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Servers))]
