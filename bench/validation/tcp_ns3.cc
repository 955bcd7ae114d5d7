// TCP in ns-3 (3.37) on the path of hybridsim's TCP validation: a -> r over 10 Gbit/s and 10 us,
// r -> b over RATE and DELAY one way with random packet loss LOSS on the a -> b direction;
// DropTail device queues large enough never to drop, no queue disc; MSS 1,448 B; the TCP set
// as hybridsim's: initial window 10, minimum RTO 200 ms, an ACK every second segment or after
// 40 ms, SACK and PRR; `newreno` is ns-3's TcpLinuxReno (Linux's reno: slow start and avoidance
// count acknowledged segments), `cubic` ns-3's TcpCubic without HyStart. Send and receive
// buffers of WINDOW segments (the receive window; hybridsim's `window`).
// Usage: tcp_ns3 CC RATE_BPS DELAY_MS LOSS SEED WARMUP_S DURATION_S WINDOW [rr REQUEST RESPONSE THINK_S]
//   bulk -> "tcp CC LOSS DELAY_MS SEED goodput_mbps" (payload received in the window x 8 / window)
//   rr   -> "rr CC LOSS DELAY_MS SEED mean_ms count": one client opening a new connection per
//           transaction: connect, send REQUEST bytes, the server answers RESPONSE bytes at once,
//           the client closes and thinks THINK_S; transaction = connect to the last response byte,
//           for transactions started after WARMUP_S.
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cstdio>
#include <map>
#include <cstdlib>
#include <string>

using namespace ns3;

static Ptr<PacketSink> sink;
static uint64_t atWarmup = 0;

static void Mark() { atWarmup = sink->GetTotalRx(); }

// Request/response: one client, a new connection per transaction.
struct Transactions {
    Ptr<Node> client;
    Address server;
    uint32_t request = 400, response = 50000;
    double think = 0.1, warmup = 0;
    Time started;
    uint32_t received = 0;
    double sumMs = 0;
    uint64_t count = 0;
    Ptr<Socket> socket;

    void Start() {
        started = Simulator::Now();
        received = 0;
        socket = Socket::CreateSocket(client, TcpSocketFactory::GetTypeId());
        socket->Bind();
        socket->SetConnectCallback(MakeCallback(&Transactions::Connected, this), MakeNullCallback<void, Ptr<Socket>>());
        socket->SetRecvCallback(MakeCallback(&Transactions::Received, this));
        socket->Connect(server);
    }
    void Connected(Ptr<Socket> s) { s->Send(Create<Packet>(request)); }
    void Received(Ptr<Socket> s) {
        while (Ptr<Packet> p = s->Recv()) received += p->GetSize();
        if (received < response) return;
        if (started.GetSeconds() >= warmup) {
            sumMs += (Simulator::Now() - started).GetSeconds() * 1e3;
            count += 1;
        }
        s->Close();
        Simulator::Schedule(Seconds(think), &Transactions::Start, this);
    }
};

// The server: counts a connection's request bytes and answers with the response at once.
struct Server {
    uint32_t request = 400, response = 50000;
    std::map<Ptr<Socket>, uint32_t> got;
    void Accept(Ptr<Socket> s, const Address&) { got[s] = 0; s->SetRecvCallback(MakeCallback(&Server::Received, this)); }
    void Received(Ptr<Socket> s) {
        while (Ptr<Packet> p = s->Recv()) got[s] += p->GetSize();
        if (got[s] >= request && got[s] < request + 1) {
            got[s] = request + 1;   // answered
            s->Send(Create<Packet>(response));
            s->Close();
        }
    }
};

int main(int argc, char** argv) {
    if (argc < 9) {
        fprintf(stderr, "usage: tcp_ns3 newreno|cubic RATE_BPS DELAY_MS LOSS SEED WARMUP_S DURATION_S WINDOW [rr REQUEST RESPONSE THINK_S]\n");
        return 2;
    }
    std::string cc = argv[1];
    double rate = atof(argv[2]), delayMs = atof(argv[3]), loss = atof(argv[4]);
    uint32_t seed = (uint32_t)atoi(argv[5]);
    double warmup = atof(argv[6]), duration = atof(argv[7]);
    uint32_t window = (uint32_t)atoi(argv[8]);
    RngSeedManager::SetSeed(20261121);
    RngSeedManager::SetRun(seed);
    bool rr = argc >= 13 && std::string(argv[9]) == "rr";
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       StringValue(cc == "cubic" ? "ns3::TcpCubic" : "ns3::TcpLinuxReno"));
    Config::SetDefault("ns3::TcpCubic::HyStart", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(10));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(2));
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout", TimeValue(MilliSeconds(40)));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));   // SYN timeout: Linux TCP_TIMEOUT_INIT
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(true));
    Config::SetDefault("ns3::TcpL4Protocol::RecoveryType", TypeIdValue(TcpPrrRecovery::GetTypeId()));
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

    if (rr) {
        static Transactions t;
        static Server srv;
        t.client = n.Get(0);
        t.server = InetSocketAddress(b.GetAddress(1), 80);
        t.request = srv.request = (uint32_t)atoi(argv[10]);
        t.response = srv.response = (uint32_t)atoi(argv[11]);
        t.think = atof(argv[12]);
        t.warmup = warmup;
        Ptr<Socket> listen = Socket::CreateSocket(n.Get(2), TcpSocketFactory::GetTypeId());
        listen->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
        listen->Listen();
        listen->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(), MakeCallback(&Server::Accept, &srv));
        Simulator::Schedule(Seconds(0), &Transactions::Start, &t);
        Simulator::Stop(Seconds(warmup + duration));
        Simulator::Run();
        printf("rr %s %g %g %u %.4f %llu\n", cc.c_str(), loss, delayMs, seed, t.count ? t.sumMs / t.count : 0.0,
               (unsigned long long)t.count);
        Simulator::Destroy();
        return 0;
    }

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
