// One TCP bulk transfer in ns-3 (3.37), on the path of hybridsim's TCP validation: a -> r over
// 10 Gbit/s and 10 us, r -> b over RATE and DELAY one way with random packet loss LOSS on the
// data direction; DropTail device queues large enough never to drop, no queue disc; MSS 1,448 B,
// an ACK per segment (DelAckCount 1, as hybridsim's model), send and receive buffers of WINDOW
// segments (the receive window; hybridsim's `window`).
// Usage: tcp_ns3 CC RATE_BPS DELAY_MS LOSS SEED WARMUP_S DURATION_S WINDOW
//   -> "tcp CC LOSS DELAY_MS SEED goodput_mbps" (payload received in the window x 8 / window)
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace ns3;

static Ptr<PacketSink> sink;
static uint64_t atWarmup = 0;

static void Mark() { atWarmup = sink->GetTotalRx(); }

int main(int argc, char** argv) {
    if (argc < 9) {
        fprintf(stderr, "usage: tcp_ns3 newreno|cubic RATE_BPS DELAY_MS LOSS SEED WARMUP_S DURATION_S WINDOW\n");
        return 2;
    }
    std::string cc = argv[1];
    double rate = atof(argv[2]), delayMs = atof(argv[3]), loss = atof(argv[4]);
    uint32_t seed = (uint32_t)atoi(argv[5]);
    double warmup = atof(argv[6]), duration = atof(argv[7]);
    uint32_t window = (uint32_t)atoi(argv[8]);
    RngSeedManager::SetSeed(20261121);
    RngSeedManager::SetRun(seed);
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       StringValue(cc == "cubic" ? "ns3::TcpCubic" : "ns3::TcpNewReno"));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(window * 1448));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(window * 1448));

    NodeContainer n;
    n.Create(3);
    PointToPointHelper fast, slow;
    fast.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    fast.SetChannelAttribute("Delay", StringValue("10us"));
    fast.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1000000p"));
    slow.SetDeviceAttribute("DataRate", DataRateValue(DataRate((uint64_t)rate)));
    slow.SetChannelAttribute("Delay", TimeValue(MilliSeconds(delayMs)));
    slow.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1000000p"));
    NetDeviceContainer ar = fast.Install(n.Get(0), n.Get(1));
    NetDeviceContainer rb = slow.Install(n.Get(1), n.Get(2));
    if (loss > 0) {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetAttribute("ErrorRate", DoubleValue(loss));
        em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        rb.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(em));   // data direction only
    }
    InternetStackHelper stack;
    stack.Install(n);
    Ipv4AddressHelper ip;
    ip.SetBase("10.0.1.0", "255.255.255.0");
    ip.Assign(ar);
    ip.SetBase("10.0.2.0", "255.255.255.0");
    Ipv4InterfaceContainer b = ip.Assign(rb);
    TrafficControlHelper tch;   // no queue disc: the devices' DropTail queues only
    tch.Uninstall(ar);
    tch.Uninstall(rb);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    BulkSendHelper send("ns3::TcpSocketFactory", InetSocketAddress(b.GetAddress(1), 9));
    send.SetAttribute("MaxBytes", UintegerValue(0));
    send.SetAttribute("SendSize", UintegerValue(1448));
    ApplicationContainer s = send.Install(n.Get(0));
    s.Start(Seconds(0));
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer k = sinkHelper.Install(n.Get(2));
    k.Start(Seconds(0));
    sink = DynamicCast<PacketSink>(k.Get(0));
    Simulator::Schedule(Seconds(warmup), &Mark);
    Simulator::Stop(Seconds(warmup + duration));
    Simulator::Run();
    double goodput = (sink->GetTotalRx() - atWarmup) * 8.0 / duration / 1e6;
    printf("tcp %s %g %g %u %.4f\n", cc.c_str(), loss, delayMs, seed, goodput);
    Simulator::Destroy();
    return 0;
}
