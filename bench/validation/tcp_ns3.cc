// TCP in ns-3 (3.37) on the path of hybridsim's TCP validation: a -> r over 10 Gbit/s and 10 us,
// r -> b over RATE and DELAY one way with random packet loss LOSS on the a -> b direction;
// DropTail device queues large enough never to drop, no queue disc; MSS 1,448 B; the TCP set
// as hybridsim's: initial window 10, minimum RTO 200 ms, an ACK every second segment or after
// 40 ms, SACK and PRR; `newreno` is ns-3's TcpLinuxReno (Linux's reno: slow start and avoidance
// count acknowledged segments), `cubic` ns-3's TcpCubic without HyStart. Send and receive
// buffers of WINDOW segments (the receive window; hybridsim's `window`).
// Usage: tcp_ns3 CC RATE_BPS DELAY_MS LOSS SEED WARMUP_S DURATION_S WINDOW [rr REQUEST RESPONSE THINK_S]
//   bulk -> "tcp CC LOSS DELAY_MS SEED goodput_mbps recoveries timeouts" (payload received in the
//           window x 8 / window; fast recoveries and retransmission timeouts entered in the window)
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

// Linux's window growth (net/ipv4/tcp_cong.c) as a base for ns-3 congestion controls, for the
// "linux" variants: ns-3's TcpLinuxReno and TcpCubic differ from Linux in two places, which this
// class does as Linux does. (1) The avoidance counter (Linux's snd_cwnd_cnt) restarts at every
// window reduction (tcp_init_cwnd_reduction and tcp_enter_loss set it to 0); ns-3 keeps it.
// (2) Growth counts the segments this ACK newly delivered (Linux's acked_sacked, ns-3's
// m_lastAckedSackedBytes); ns-3's TcpSocketBase passes the whole acknowledged span, so the ACK
// that ends a recovery credits every segment SACKed during it a second time. Slow start hands
// what exceeds ssthresh on to avoidance (tcp_slow_start's return value), which adds a segment per
// Step() acknowledged segments (tcp_cong_avoid_ai).
class LinuxGrowth : public TcpCongestionOps {
  public:
    void CongestionStateSet(Ptr<TcpSocketState>, const TcpSocketState::TcpCongState_t state) override {
        if (state == TcpSocketState::CA_RECOVERY || state == TcpSocketState::CA_LOSS) counter = 0;
    }
    void IncreaseWindow(Ptr<TcpSocketState> tcb, uint32_t) override {
        uint32_t acked = tcb->m_lastAckedSackedBytes / tcb->m_segmentSize;
        uint32_t cwnd = tcb->GetCwndInSegments(), ssthresh = tcb->m_ssThresh / tcb->m_segmentSize;
        if (cwnd < ssthresh) {   // tcp_slow_start
            uint32_t grown = std::min(cwnd + acked, ssthresh);
            acked -= grown - cwnd;
            cwnd = grown;
        }
        if (acked > 0) {         // tcp_cong_avoid_ai(tp, Step(cwnd, acked), acked)
            uint32_t step = Step(cwnd, acked);
            if (counter >= step) { counter = 0; cwnd += 1; }
            counter += acked;
            if (counter >= step) { uint32_t delta = counter / step; counter -= delta * step; cwnd += delta; }
        }
        tcb->m_cWnd = cwnd * tcb->m_segmentSize;
    }

  protected:
    // Acknowledged segments per added segment in avoidance, at window `cwnd` with `acked` new.
    virtual uint32_t Step(uint32_t cwnd, uint32_t acked) = 0;

  private:
    uint32_t counter = 0;   // snd_cwnd_cnt
};

// Linux's reno (tcp_reno_cong_avoid, tcp_reno_ssthresh).
class LinuxRenoCounters : public LinuxGrowth {
  public:
    static TypeId GetTypeId() {
        static TypeId tid = TypeId("ns3::LinuxRenoCounters").SetParent<TcpCongestionOps>().AddConstructor<LinuxRenoCounters>();
        return tid;
    }
    std::string GetName() const override { return "LinuxRenoCounters"; }
    uint32_t GetSsThresh(Ptr<const TcpSocketState> tcb, uint32_t) override {
        return std::max<uint32_t>(tcb->GetCwndInSegments() / 2, 2) * tcb->m_segmentSize;
    }
    Ptr<TcpCongestionOps> Fork() override { return CopyObject<LinuxRenoCounters>(this); }

  protected:
    uint32_t Step(uint32_t cwnd, uint32_t) override { return cwnd; }
};
NS_OBJECT_ENSURE_REGISTERED(LinuxRenoCounters);

// Linux's CUBIC (net/ipv4/tcp_cubic.c: bictcp_update, cubictcp_cong_avoid, cubictcp_recalc_ssthresh;
// C = 410/1024, beta = 717/1024, fast convergence, no HyStart) with LinuxGrowth's counter
// handling, for the "linux" variants. ns-3 3.37's TcpCubic has no Reno-friendly region
// (Linux's tcp_friendliness, on by default); here it is on unless the variant is "unfriendly".
static bool cubicFriendly = true;

class LinuxCubic : public LinuxGrowth {
  public:
    static TypeId GetTypeId() {
        static TypeId tid = TypeId("ns3::LinuxCubic").SetParent<TcpCongestionOps>().AddConstructor<LinuxCubic>();
        return tid;
    }
    std::string GetName() const override { return "LinuxCubic"; }
    uint32_t GetSsThresh(Ptr<const TcpSocketState> tcb, uint32_t) override {   // cubictcp_recalc_ssthresh
        uint32_t cwnd = tcb->GetCwndInSegments();
        epochStart = -1;
        lastMaxCwnd = (cwnd < lastMaxCwnd) ? (cwnd * (1024 + 717)) / 2048 : cwnd;
        return std::max<uint32_t>(cwnd * 717 / 1024, 2) * tcb->m_segmentSize;
    }
    void CongestionStateSet(Ptr<TcpSocketState> tcb, const TcpSocketState::TcpCongState_t state) override {
        LinuxGrowth::CongestionStateSet(tcb, state);
        if (state == TcpSocketState::CA_LOSS) {   // bictcp_reset
            lastMaxCwnd = 0; epochStart = -1; delayMin = 0; cnt = 0; lastCwnd = 0; ackCnt = 0; tcpCwnd = 0;
        }
    }
    void PktsAcked(Ptr<TcpSocketState>, uint32_t, const Time& rtt) override {   // bictcp_acked
        double now = Simulator::Now().GetSeconds();
        if (epochStart >= 0 && now - epochStart < 1.0) return;   // no samples just after a reduction
        double d = std::max(rtt.GetSeconds(), 1e-6);
        if (delayMin == 0 || delayMin > d) delayMin = d;
    }
    Ptr<TcpCongestionOps> Fork() override { return CopyObject<LinuxCubic>(this); }

  protected:
    uint32_t Step(uint32_t cwnd, uint32_t acked) override {   // cubictcp_cong_avoid
        Update(cwnd, acked);
        return cnt;
    }

  private:
    void Update(uint32_t cwnd, uint32_t acked) {   // bictcp_update
        const double c = 410.0 / 1024.0;
        double now = Simulator::Now().GetSeconds();
        ackCnt += acked;
        if (lastCwnd == cwnd && now - lastTime <= 1.0 / 32) return;
        lastCwnd = cwnd;
        lastTime = now;
        if (epochStart < 0) {
            epochStart = now;
            ackCnt = acked;
            tcpCwnd = cwnd;
            if (lastMaxCwnd <= cwnd) { k = 0; origin = cwnd; }
            else { k = std::cbrt((lastMaxCwnd - cwnd) / c); origin = lastMaxCwnd; }
        }
        double t = now - epochStart + delayMin;
        double offs = t < k ? k - t : t - k;
        uint32_t delta = (uint32_t)(c * offs * offs * offs);
        uint32_t target = t < k ? origin - delta : origin + delta;
        cnt = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd;
        if (lastMaxCwnd == 0 && cnt > 20) cnt = 20;
        if (cubicFriendly) {   // tcp_friendliness, beta_scale = 8 (1024 + 717) / 3 / (1024 - 717) = 15
            uint32_t step = (cwnd * 15) >> 3;
            while (ackCnt > step) { ackCnt -= step; tcpCwnd += 1; }
            if (tcpCwnd > cwnd) { uint32_t maxCnt = cwnd / (tcpCwnd - cwnd); if (cnt > maxCnt) cnt = maxCnt; }
        }
        cnt = std::max<uint32_t>(cnt, 2);
    }

    uint32_t cnt = 2, lastCwnd = 0, lastMaxCwnd = 0, ackCnt = 0, tcpCwnd = 0, origin = 0;
    double epochStart = -1, lastTime = 0, k = 0, delayMin = 0;
};
NS_OBJECT_ENSURE_REGISTERED(LinuxCubic);

static Ptr<PacketSink> sink;
static uint64_t atWarmup = 0;

static bool measuring = false;
static uint64_t recoveries = 0, timeouts = 0;

static void Mark() { atWarmup = sink->GetTotalRx(); measuring = true; }

// The sender's congestion state: entries into fast recovery and into loss (a retransmission timeout).
static void CongState(TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t now) {
    if (!measuring) return;
    if (now == TcpSocketState::CA_RECOVERY) recoveries += 1;
    if (now == TcpSocketState::CA_LOSS) timeouts += 1;
}

static void Watch() {
    Config::ConnectWithoutContext("/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/CongState", MakeCallback(&CongState));
}

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
                       StringValue(cc == "cubic" ? "ns3::TcpCubic"
                                   : cc == "newreno-linux" ? "ns3::LinuxRenoCounters"
                                   : cc.rfind("cubic-linux", 0) == 0 ? "ns3::LinuxCubic" : "ns3::TcpLinuxReno"));
    cubicFriendly = cc != "cubic-linux-unfriendly";
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
    Simulator::Schedule(MilliSeconds(1), &Watch);
    Simulator::Stop(Seconds(warmup + duration));
    Simulator::Run();
    double goodput = (sink->GetTotalRx() - atWarmup) * 8.0 / duration / 1e6;
    printf("tcp %s %g %g %u %.4f %llu %llu\n", cc.c_str(), loss, delayMs, seed, goodput,
           (unsigned long long)recoveries, (unsigned long long)timeouts);
    Simulator::Destroy();
    return 0;
}
