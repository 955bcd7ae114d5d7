// tandem-5 in ns-3 (written for the comparison with hybridsim): 6 nodes, 5 point-to-point
// links of 1 Gbit/s with 10 us delay, large DropTail device queues and no queue disc,
// 1,500-byte packets on the wire (PPP 2 + IPv4 20 + UDP 8 + 1,470 B payload), Poisson arrivals
// at rho = 0.8. Usage: tandem_ns3 PACKETS -> "tandem PACKETS wall_s mean_us peak_kib p50_us p99_us"
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace ns3;

static std::vector<double> delays;   // microseconds
static Ptr<Socket> sender;
static Ptr<ExponentialRandomVariable> gap;
static uint64_t remaining;
static InetSocketAddress sinkAddress(Ipv4Address::GetAny(), 9);

static void Send() {
    SeqTsHeader ts;
    Ptr<Packet> p = Create<Packet>(1470 - ts.GetSerializedSize());
    p->AddHeader(ts);   // carries the send time
    sender->SendTo(p, 0, sinkAddress);
    if (--remaining > 0) Simulator::Schedule(Seconds(gap->GetValue()), &Send);
}

static void Receive(Ptr<Socket> socket) {
    Ptr<Packet> p;
    while ((p = socket->Recv())) {
        SeqTsHeader ts;
        p->RemoveHeader(ts);
        delays.push_back((Simulator::Now() - ts.GetTs()).GetSeconds() * 1e6);
    }
}

static long PeakKiB() {
    FILE* f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    while (f && fgets(line, sizeof line, f)) if (!strncmp(line, "VmHWM:", 6)) v = atol(line + 6);
    if (f) fclose(f);
    return v;
}

int main(int argc, char** argv) {
    uint64_t packets = argc > 1 ? strtoull(argv[1], nullptr, 10) : 1000000;
    remaining = packets;
    delays.reserve(packets);
    NodeContainer nodes;
    nodes.Create(6);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10us"));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1000000p"));
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper address;
    std::vector<Ipv4InterfaceContainer> ifaces;
    TrafficControlHelper tch;
    for (int i = 0; i < 5; i++) {
        NetDeviceContainer d = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
        char net[32];
        snprintf(net, sizeof net, "10.0.%d.0", i + 1);
        address.SetBase(net, "255.255.255.0");
        ifaces.push_back(address.Assign(d));
        tch.Uninstall(d);   // no queue disc: the device's DropTail queue only
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    Ptr<Socket> sink = Socket::CreateSocket(nodes.Get(5), UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    sink->SetRecvCallback(MakeCallback(&Receive));
    sender = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    sinkAddress = InetSocketAddress(ifaces[4].GetAddress(1), 9);
    RngSeedManager::SetSeed(12345);
    gap = CreateObject<ExponentialRandomVariable>();
    gap->SetAttribute("Mean", DoubleValue(1500.0 * 8 / (0.8 * 1e9)));
    Simulator::Schedule(Seconds(0.0), &Send);
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    Simulator::Destroy();
    double wall = std::chrono::duration<double>(t1 - t0).count();
    double sum = 0;
    for (double d : delays) sum += d;
    std::vector<double> sorted = delays;
    std::sort(sorted.begin(), sorted.end());
    auto q = [&](double p) { return sorted.empty() ? 0.0 : sorted[std::min(sorted.size() - 1, (size_t)(p * sorted.size()))]; };
    printf("tandem %zu %.6f %.4f %ld %.4f %.4f\n", delays.size(), wall, sum / delays.size(), PeakKiB(), q(0.5), q(0.99));
    return 0;
}
